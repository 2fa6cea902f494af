/**
 * The ToUnicode CMap of an Identity-H font: for each glyph id used, the text it stands for, so
 * that a PDF reader extracts and searches the words rather than glyph numbers.
 * @see ISO 32000-1:2008, 9.10.3 "ToUnicode CMaps"
 * @see Adobe Technical Note #5014, "Adobe CMap and CIDFont Files Specification"
 */

/** `bfchar` blocks hold at most 100 entries. */
const BLOCK = 100;

export function toUnicodeCMap(textOfGlyph: ReadonlyMap<number, string>): string {
  const entries = [...textOfGlyph].sort(([a], [b]) => a - b);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += BLOCK) {
    const block = entries.slice(i, i + BLOCK);
    const lines = block.map(([glyph, text]) => `<${hex4(glyph)}> <${utf16Hex(text)}>`);
    blocks.push(`${block.length} beginbfchar\n${lines.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/** UTF-16BE code units of `text` in hex (a surrogate pair for characters beyond the BMP). */
function utf16Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += hex4(text.charCodeAt(i));
  return hex;
}
