import { remark } from "remark";
import html from "remark-html";

// The post body as HTML: plain remark, so no GFM tables and no raw HTML.
export default async function markdownToHtml(markdown: string) {
  const result = await remark().use(html).process(markdown);
  return result.toString();
}
