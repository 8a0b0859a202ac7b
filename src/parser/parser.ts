// The .ppl grammar as a Chevrotain CstParser; built once per process (lazily) by getParser().
import type { CstNode, IToken, TokenType } from 'chevrotain';
import { chev } from './chevrotain.js';
import * as T from './tokens.js';
import { encodingErrorProvider } from './error-provider.js';

const compareOps: readonly TokenType[] = [
  T.EqEq,
  T.NotEq,
  T.LessEq,
  T.GreaterEq,
  T.Less,
  T.Greater,
];

export class PplParser extends chev.CstParser {
  /** `validate` runs Chevrotain's grammar checks (ambiguities, left recursion): slow, so tests only. */
  constructor(validate = false) {
    super([...T.allTokens], {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider: encodingErrorProvider,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  // ---- top level ------------------------------------------------------------------------------
  program = this.RULE('program', () => {
    this.MANY(() => this.SUBRULE(this.topItem));
  });

  topItem = this.RULE('topItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.modelBlock) },
      { ALT: () => this.SUBRULE(this.guideDecl) },
    ]);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
  });

  typeExpr = this.RULE('typeExpr', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Int, { LABEL: 'base' }) },
      { ALT: () => this.CONSUME(T.Real, { LABEL: 'base' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.sizeExpr);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.sizeExpr);
      });
      this.CONSUME(T.RBracket);
    });
  });

  sizeExpr = this.RULE('sizeExpr', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Identifier) },
    ]);
  });

  modelBlock = this.RULE('modelBlock', () => {
    this.CONSUME(T.Model);
    this.SUBRULE(this.block);
  });

  guideDecl = this.RULE('guideDecl', () => {
    this.CONSUME(T.Guide);
    this.OR([
      { ALT: () => this.SUBRULE(this.block) },
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.autoGuide);
        },
      },
    ]);
  });

  autoGuide = this.RULE('autoGuide', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.callArgs));
  });

  // ---- statements -----------------------------------------------------------------------------
  block = this.RULE('block', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.sampleStmt) },
      { ALT: () => this.SUBRULE(this.observeStmt) },
      { ALT: () => this.SUBRULE(this.paramStmt) },
      { ALT: () => this.SUBRULE(this.plateStmt) },
      { ALT: () => this.SUBRULE(this.groupStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
    ]);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  letStmt = this.RULE('letStmt', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  sampleStmt = this.RULE('sampleStmt', () => {
    this.CONSUME(T.Sample);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexList));
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.distCall);
  });

  observeStmt = this.RULE('observeStmt', () => {
    this.CONSUME(T.Observe);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexList));
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.distCall);
  });

  paramStmt = this.RULE('paramStmt', () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.indexList));
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.constraint);
    });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  constraint = this.RULE('constraint', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Real, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'name' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
      this.CONSUME(T.RParen);
    });
  });

  plateStmt = this.RULE('plateStmt', () => {
    this.CONSUME(T.Plate);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.sizeExpr, { LABEL: 'size' });
    this.OPTION(() => {
      this.CONSUME(T.Subsample);
      this.SUBRULE2(this.sizeExpr, { LABEL: 'subsample' });
    });
    this.SUBRULE(this.block);
  });

  groupStmt = this.RULE('groupStmt', () => {
    this.CONSUME(T.Group);
    this.SUBRULE(this.block);
  });

  ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(T.If);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.block, { LABEL: 'then' });
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR([
        { ALT: () => this.SUBRULE2(this.ifStmt, { LABEL: 'elseIf' }) },
        { ALT: () => this.SUBRULE2(this.block, { LABEL: 'else' }) },
      ]);
    });
  });

  indexList = this.RULE('indexList', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
    this.CONSUME(T.RBracket);
  });

  distCall = this.RULE('distCall', () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.callArgs);
  });

  callArgs = this.RULE('callArgs', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.arg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.arg);
      });
    });
    this.CONSUME(T.RParen);
  });

  arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: 'name' });
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.expression);
  });

  // ---- expressions, lowest precedence first ---------------------------------------------------
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.orExpr);
  });

  orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(T.OrOr, { LABEL: 'op' });
      this.SUBRULE2(this.andExpr, { LABEL: 'operand' });
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.comparison, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(T.AndAnd, { LABEL: 'op' });
      this.SUBRULE2(this.comparison, { LABEL: 'operand' });
    });
  });

  // Parsed as a chain so that `a < b < c` gets a clear error (E0121) instead of a confusing one.
  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR(compareOps.map((t) => ({ ALT: () => this.CONSUME(t, { LABEL: 'op' }) })));
      this.SUBRULE2(this.additive, { LABEL: 'operand' });
    });
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operand' });
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operand' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: 'op' }) },
      ]);
      this.SUBRULE2(this.unary, { LABEL: 'operand' });
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Minus, { LABEL: 'op' }) },
            { ALT: () => this.CONSUME(T.Bang, { LABEL: 'op' }) },
          ]);
          this.SUBRULE(this.unary, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.power, { LABEL: 'operand' }) },
    ]);
  });

  // `^` binds tighter than unary minus on its left (-x^2 = -(x^2)) and takes a signed exponent (x^-2).
  power = this.RULE('power', () => {
    this.SUBRULE(this.postfix, { LABEL: 'base' });
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unary, { LABEL: 'exponent' });
    });
  });

  postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.indexList));
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => this.SUBRULE(this.callArgs));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });
}

let instance: PplParser | null = null;

export function getParser(): PplParser {
  instance ??= new PplParser();
  return instance;
}

/** Runs the grammar on a token vector; the CST may be partial (recovered) when errors were found. */
export function parseTokens(tokens: IToken[]): { cst: CstNode; errors: PplParser['errors'] } {
  const p = getParser();
  p.input = tokens;
  const cst = p.program();
  return { cst, errors: p.errors };
}
