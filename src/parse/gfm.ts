// GitHub's Markdown for guides: tables, strikethrough, task lists and footnotes while parsing.
// Bare URLs and e-mail addresses ("literal autolinks") are the one GFM feature left out of the
// parser: its tokenizer and tree pass cost a fifth of the parse, and only the Anki back shows
// links, so `linkBareUrls` turns them into links there, with the same code remark-gfm runs.
import type { Root } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Processor } from 'unified';

/** A unified plugin: remark-gfm without literal autolinks. */
export function remarkGfmBlocks(this: Processor): void {
  const data = this.data();
  data.micromarkExtensions ??= [];
  data.fromMarkdownExtensions ??= [];
  data.micromarkExtensions.push(gfmTable(), gfmStrikethrough(), gfmTaskListItem(), gfmFootnote());
  data.fromMarkdownExtensions.push(
    gfmTableFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
    gfmFootnoteFromMarkdown(),
  );
}

const autolinks = gfmAutolinkLiteralFromMarkdown().transforms ?? [];

/** Turns bare URLs (`https://…`, `www.…`) and e-mail addresses in a tree's text into links. */
export function linkBareUrls(tree: Root): void {
  for (const transform of autolinks) transform(tree);
}
