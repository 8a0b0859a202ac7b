// The grammar's railroad diagrams as a standalone HTML page, generated from the parser itself.
import { chev } from './chevrotain.js';
import { PplParser } from './parser.js';

export function railroadHtml(): string {
  return chev.createSyntaxDiagramsCode(new PplParser(true).getSerializedGastProductions());
}

/** The names of the parser's grammar rules, in definition order. */
export function ruleNames(): string[] {
  return [...Object.keys(new PplParser(true).getGAstProductions())];
}
