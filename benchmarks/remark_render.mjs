// Render Markdown files as the Vercel blog-starter does, for benchmarks/fidelity.py.
//
//   node benchmarks/remark_render.mjs [--gfm] [--json] FILE...
//
// The starter reads a post with gray-matter and turns the body into HTML with
// `remark().use(html).process(content)`: no GFM, and remark-html's sanitize (on by default)
// drops raw HTML. `--gfm` adds remark-gfm, as a blog that installed it does. Each file's front
// matter is removed first, as gray-matter does. Without `--json` the HTML of each file is
// printed in turn; with it, one JSON object maps each FILE as given to its HTML.
import { readFile } from "node:fs/promises";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import html from "remark-html";

// gray-matter's rule: a first line of exactly "---", up to the next line of exactly "---".
const FRONT_MATTER = /^---\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

const args = process.argv.slice(2);
const gfm = args.includes("--gfm");
const json = args.includes("--json");
const files = args.filter((arg) => !arg.startsWith("--"));
if (files.length === 0) {
  console.error("usage: remark_render.mjs [--gfm] [--json] FILE...");
  process.exit(2);
}

const pipeline = gfm ? remark().use(remarkGfm).use(html) : remark().use(html);
const rendered = {};
for (const file of files) {
  const text = (await readFile(file, "utf8")).replace(FRONT_MATTER, "");
  rendered[file] = String(await pipeline.process(text));
}
if (json) {
  process.stdout.write(JSON.stringify(rendered) + "\n");
} else {
  for (const file of files) process.stdout.write(rendered[file]);
}
