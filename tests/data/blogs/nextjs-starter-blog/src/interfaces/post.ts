import { type Author } from "./author";

export type Post = {
  slug: string;
  title: string;
  date: string;
  coverImage?: string; // some posts have no cover
  author?: Author;
  excerpt: string;
  ogImage?: {
    url: string;
  };
  tags?: string[] | string;
  published?: boolean;
  content: string;
};
