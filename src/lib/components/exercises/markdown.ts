/**
 * Markdown-lite for slide bodies: paragraphs separated by blank lines, runs of lines
 * starting with "- " as a bullet list, and **bold**. Everything else is plain text;
 * the result is rendered as text nodes, never as HTML.
 */

export interface InlineRun {
	text: string;
	strong: boolean;
}

export type MarkdownBlock =
	{ kind: 'paragraph'; runs: InlineRun[] } | { kind: 'list'; items: InlineRun[][] };

export function parseInline(source: string): InlineRun[] {
	const runs: InlineRun[] = [];
	const bold = /\*\*(.+?)\*\*/g;
	let last = 0;
	for (const match of source.matchAll(bold)) {
		if (match.index > last) runs.push({ text: source.slice(last, match.index), strong: false });
		runs.push({ text: match[1] ?? '', strong: true });
		last = match.index + match[0].length;
	}
	if (last < source.length) runs.push({ text: source.slice(last), strong: false });
	return runs;
}

export function parseMarkdownLite(source: string): MarkdownBlock[] {
	const blocks: MarkdownBlock[] = [];
	const chunks = source.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
	for (const chunk of chunks) {
		let paragraph: string[] = [];
		let list: string[] = [];
		const flushParagraph = () => {
			if (paragraph.length)
				blocks.push({ kind: 'paragraph', runs: parseInline(paragraph.join(' ')) });
			paragraph = [];
		};
		const flushList = () => {
			if (list.length) blocks.push({ kind: 'list', items: list.map(parseInline) });
			list = [];
		};
		for (const raw of chunk.split('\n')) {
			const line = raw.trim();
			if (!line) continue;
			if (line.startsWith('- ')) {
				flushParagraph();
				list.push(line.slice(2).trim());
			} else {
				flushList();
				paragraph.push(line);
			}
		}
		flushParagraph();
		flushList();
	}
	return blocks;
}
