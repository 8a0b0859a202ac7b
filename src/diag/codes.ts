// The catalogue of every diagnostic code: a one-line summary and the message template(s) that error() fills.
//
// E01xx parser, E02xx names, E03xx types and shapes, E04xx plates/sites/params, E045x distributions, E05xx guides,
// E06xx data files, E07xx lowering. A code's wording lives here only: call sites pass values, never sentences.
// Placeholders hold values (names, numbers, rendered types, tokens, JSON values, lists) or one word of a fixed
// vocabulary; where the sentence itself differs, the entry has named variants. `{n:one|other}` agrees with a count.

interface Summary {
  /** One line, for listings of the codes; distinct across codes. */
  readonly summary: string;
  /** Only for codes that do not stop the program: data members that the program ignores. */
  readonly severity?: 'warning';
}

/** A code has one message, or several named variants where its sentence differs from case to case. */
export type Entry =
  | (Summary & { readonly message: string; readonly variants?: never })
  | (Summary & { readonly variants: Readonly<Record<string, string>>; readonly message?: never });

/** The forms "expected X, found Y" shared by the parser's codes for a missing token, expression, statement or declaration. */
const EXPECTED = {
  plain: 'expected {expected}, found {found}',
  afterName: 'expected {expected} after {previous}, found {found}',
  afterToken: "expected {expected} after '{token}', found {found}",
} as const;

export const CODES = {
  // ---- parser ------------------------------------------------------------------------------------
  E0101: {
    summary: 'a character that starts no token of the language',
    variants: {
      chars: 'unexpected {count:character|characters} {chars}',
      afterNumber: "unexpected character '.' after a number: write '1.0', not '1.'",
    },
  },
  E0102: {
    summary: "a block comment '/*' that is never closed by '*/'",
    message: "unterminated block comment: a '*/' is missing to close the comment opened here",
  },
  E0110: {
    summary: 'a specific token was expected here',
    variants: {
      ...EXPECTED,
      bare: "expected '}', found {found}",
      block: "expected '}' to close the block opened at {line}:{column}, found {found}",
      keywordBlock:
        "expected '}' to close the {keyword} block opened at {line}:{column}, found {found}",
    },
  },
  E0111: {
    summary: "the file ended inside a block: a '}' is missing",
    variants: {
      bare: "unexpected end of file: a '}' is missing",
      block:
        "unexpected end of file: a '}' is missing to close the block opened at {line}:{column}",
      keywordBlock:
        "unexpected end of file: a '}' is missing to close the {keyword} block opened at {line}:{column}",
    },
  },
  E0112: {
    summary: 'the file ended in the middle of a declaration or statement',
    variants: {
      plain: 'unexpected end of file: expected {expected}',
      afterName: 'unexpected end of file: expected {expected} after {previous}',
      afterToken: "unexpected end of file: expected {expected} after '{token}'",
    },
  },
  E0113: { summary: 'an expression was expected', variants: EXPECTED },
  E0114: {
    summary: 'a statement (let, sample, observe, param, plate or if) was expected',
    variants: EXPECTED,
  },
  E0115: {
    summary: 'a top-level declaration (data, model or guide) was expected',
    variants: EXPECTED,
  },
  E0116: {
    summary: 'a token that does not fit here',
    variants: {
      token: 'unexpected {found}',
      strayBrace: "unexpected '}': it closes no block",
    },
  },
  E0117: {
    summary: 'the program is nested too deeply to parse',
    variants: {
      stack: 'the program is nested too deeply to parse',
      depth:
        "the program nests more than {most} levels deep here (each parenthesis, bracket, brace and call opens a level, and so does each prefix '-' or '!', each '^', each further '[...]' in a row and every fifth 'else if' of a chain); name a part of it with a let, or split the chain",
    },
  },
  E0120: {
    summary: 'a size must be a whole number or the name of an int data value',
    message: "a size must be a whole number or an int data name, found '{size}'",
  },
  E0121: {
    summary: "comparisons do not chain: write 'a < b && b < c'",
    message:
      "comparisons do not chain: '{op}' follows another comparison; write 'a {first} b && b {op} c'",
  },
  E0199: {
    summary: 'internal error in the parser; please report this',
    message: 'internal error in the parser; please report this',
  },

  // ---- checker: names ----------------------------------------------------------------------------
  E0201: {
    summary: 'a data name is declared twice',
    message: "data '{name}' is already declared on line {line}",
  },
  E0202: {
    summary: 'a data name is used before its declaration',
    variants: {
      data: "data '{name}' is used before its declaration on line {line}",
      size: "size '{name}' is used before its declaration on line {line}",
      observed: "data '{name}' is observed before its declaration on line {line}",
    },
  },
  E0203: {
    summary: 'a name is not declared',
    variants: {
      name: "name '{name}' is not declared",
      size: "size '{name}' is not declared",
    },
  },
  E0204: {
    summary:
      'a name is declared twice in the same scope or shadows a data, site, param or plate index name',
    variants: {
      sameScope: "'{name}' is already declared in this scope as {kind} on line {line}",
      letData: "let '{name}' reuses a data name",
      reused: "{what} '{name}' reuses the name of {kind}",
    },
  },
  E0205: {
    summary: 'a size is not an int literal or a scalar int data name',
    variants: {
      literal: '{what} {value} is not a non-negative integer',
      large:
        '{what} {value} is larger than {most}, the most a program may write; give a larger size as an int data name',
      name: "{what} '{name}' must be a scalar int data name, but it is declared {declared}",
    },
  },
  E0206: {
    summary: 'a plate index is used outside its plate',
    message: "plate index '{name}' is used outside its plate",
  },
  E0207: {
    summary: 'the program has no model block',
    message: 'the program has no model block',
  },
  E0208: {
    summary: 'the program has more than one model block',
    message: 'the program has a second model block; the first is on line {line}',
  },
  E0209: {
    summary: 'the program has more than one guide',
    message: 'the program has a second guide; the first is on line {line}',
  },
  E0211: {
    summary: 'a function is not a built-in',
    message: "function '{fn}' is not a built-in function",
  },
  E0212: {
    summary: 'the guide reads a model site, which it cannot see',
    message: "the guide cannot read '{name}', a site of the model; sample it in the guide first",
  },
  E0213: {
    summary: 'a site or param bound only inside one branch of an if is read after it',
    message: "'{name}' is bound only inside a branch of an if, so it may not exist here",
  },
  E0299: {
    summary: 'internal error in the checker (a bug; please report it)',
    message: 'internal error in the checker; please report this',
  },

  // ---- checker: types and shapes -----------------------------------------------------------------
  E0301: {
    summary: 'a value is indexed with more indices than it has dimensions',
    variants: {
      scalarName: "'{name}' is a scalar and cannot be indexed",
      scalarValue: 'this value is a scalar and cannot be indexed',
      tooManyName:
        "'{name}' has {dims} {dims:dimension|dimensions} but is indexed with {indices} indices",
      tooManyValue:
        'this value has {dims} {dims:dimension|dimensions} but is indexed with {indices} indices',
    },
  },
  E0302: {
    summary: 'an index is not a scalar int',
    message: 'an index must be a scalar int, but this is {type}',
  },
  E0303: {
    summary: "a plate index indexes a dimension of a different size than the plate's",
    variants: {
      name: "plate index '{index}' runs over {plateSize}, but dimension {dim} of '{name}' has size {size}",
      value:
        "plate index '{index}' runs over {plateSize}, but dimension {dim} of this value has size {size}",
    },
  },
  E0304: {
    summary: 'an operator or elementwise function combines two arrays (only scalars broadcast)',
    variants: {
      operator:
        "operator '{op}' combines {left} and {right}, but only a scalar broadcasts over an array",
      function: "'{fn}' combines {left} and {right}, but only a scalar broadcasts over an array",
    },
  },
  E0305: {
    summary: 'a built-in function gets the wrong number of arguments',
    message: "'{fn}' takes {arity} {arity:argument|arguments}, but {given} {given:is|are} given",
  },
  E0306: {
    summary: 'dot needs two vectors of the same size',
    variants: {
      notVector: "'dot' needs two vectors, but this argument is {type}",
      sizes: "'dot' needs two vectors of the same size, but they have sizes {left} and {right}",
    },
  },
  E0307: {
    summary: 'sum needs a vector',
    message: "'sum' needs a vector, but its argument is {type}",
  },
  E0308: {
    summary: 'a scalar is expected here',
    variants: {
      distArg: "argument '{arg}' of {dist} must be a scalar, but it is {type}",
      condition: 'an if condition must be a scalar, but it is {type}',
      paramInit: "the initial value of param '{name}' must be a scalar, but it is {type}",
    },
  },
  E0309: {
    summary: 'a vector is expected here (Categorical probs or logits)',
    message: "argument '{arg}' of {dist} must be a vector, but it is {type}",
  },
  E0310: {
    summary: 'a literal index is outside the dimension it indexes',
    variants: {
      outsideName: "index {index} is outside dimension {dim} of '{name}', which has size {size}",
      outsideValue: 'index {index} is outside dimension {dim} of this value, which has size {size}',
      negative: 'index {index} is negative',
    },
  },
  E0311: {
    summary: 'named arguments are given to a built-in function',
    message: "built-in function '{fn}' takes positional arguments only",
  },

  // ---- checker: plates, sites and params ---------------------------------------------------------
  E0402: {
    summary: 'a subsample size is not a positive int no larger than the plate size',
    variants: {
      belowOne: 'subsample size {size} must be at least 1',
      tooLarge: 'subsample size {size} is larger than the plate size {plateSize}',
    },
  },
  E0403: {
    summary: 'a plate index name is already in use',
    variants: {
      enclosingIndex: "plate index '{name}' is already the index of an enclosing plate",
      otherName: "plate index '{name}' is already a {kind} name",
    },
  },
  E0404: {
    summary: "a site's indices are not exactly its enclosing plates' indices, outermost first",
    variants: {
      outside: "{what} '{name}' outside every plate must be written {name}",
      inside:
        "{what} '{name}' inside {count:plate|plates} {indices} must be written {name}[{indices}]",
    },
  },
  E0405: {
    summary: 'an observed name is not declared data',
    variants: {
      bound: "observed name '{name}' is {kind}, not data; only data can be observed",
      undeclared: "observed name '{name}' is not declared data; only data can be observed",
    },
  },
  E0406: {
    summary: "an observed data name's shape differs from the enclosing plates' sizes",
    variants: {
      scalar: "data '{name}' is declared {declared}, but observing it here needs a scalar",
      shape: "data '{name}' is declared {declared}, but observing it here needs shape [{shape}]",
    },
  },
  E0407: {
    summary: 'a sampled or param name is a data name',
    variants: {
      sample: "sample site '{name}' is a data name; use observe to condition on data",
      param: "param '{name}' is a data name",
    },
  },
  E0408: {
    summary: 'a site name is used twice on one program path',
    message: "site '{name}' is already used on this program path, on line {line}",
  },
  E0409: {
    summary: 'a param name is used twice in the program or clashes with a site name',
    variants: {
      modelParam: "param '{name}' is already a param of the model",
      modelSite: "guide param '{name}' has the name of a site of the model",
    },
  },
  E0410: {
    summary: 'a constraint is not real, positive, unit, interval(LO, HI) or simplex(K)',
    variants: {
      unknown:
        "constraint '{name}' is not known; use real, positive, unit, interval(LO, HI) or simplex(K)",
      arguments: "constraint '{name}' takes no arguments",
      simplexSize:
        'simplex takes one size, simplex(K): an int literal of at least 1 or a scalar int data name',
    },
  },
  E0411: {
    summary: 'interval bounds are not numeric constants with LO < HI',
    variants: {
      arity: 'interval takes two bounds, interval(LO, HI), but {given} {given:is|are} given',
      notConstant: 'interval bounds must be numeric constants',
      empty: 'interval({lo}, {hi}) is empty: its lower bound must be below its upper bound',
    },
  },
  E0412: {
    summary: 'a param initialiser reads a random site or a param',
    message:
      "the initial value of param '{name}' may use data and constants only, not random sites or params",
  },
  E0413: {
    summary: "a constant param initialiser lies outside the param's constraint",
    variants: {
      positive: "param '{name}' starts at {value}, but its constraint needs a positive value",
      unit: "param '{name}' starts at {value}, but its constraint needs a value in (0, 1)",
      interval:
        "param '{name}' starts at {value}, but its constraint needs a value in ({lo}, {hi})",
    },
  },

  E0416: {
    summary: 'a param is declared more than once (on two branches of an if)',
    message:
      "param '{name}' is already declared on line {line}; declare it once, before the if, and use it on both branches",
  },
  E0415: {
    summary:
      "an autoguide's site is sampled from families of different supports on different branches",
    message:
      "'{name}' is sampled from {dist} (support {support}) here but from {firstDist} (support {firstSupport}) on line {line}; an autoguide needs one support per site (write a guide that samples it inside both)",
  },
  E0414: {
    summary: 'a group holds a statement other than sample',
    message:
      'a group holds only sample statements (the latents that share one sample index), not {kind}',
  },
  // ---- checker: distributions --------------------------------------------------------------------
  E0451: {
    summary: 'a distribution is not known',
    message: "distribution '{name}' is not known",
  },
  E0452: {
    summary: 'a distribution argument name is not known',
    message: "{dist} has no argument '{arg}'; it takes {forms}",
  },
  E0453: {
    summary: 'a distribution argument is given twice',
    variants: {
      byName: "argument '{arg}' of {dist} is given twice",
      byPositionAndName: "argument '{arg}' of {dist} is given both by position and by name",
    },
  },
  E0454: {
    summary: 'a distribution gets the wrong arguments',
    variants: {
      tooMany: '{dist} takes {max} {max:argument|arguments} {forms}, but {given} are given',
      missing: '{dist} is missing {count:argument|arguments} {names}',
      noForm: 'the arguments of {dist} fit none of its forms {forms}',
    },
  },
  E0455: {
    summary: 'a distribution gets arguments of two alternative forms (probs and logits)',
    message: '{dist} takes {forms}, not {names} together',
  },
  E0456: {
    summary: 'a positional argument follows a named one',
    message: 'a positional argument of {dist} follows a named one',
  },

  // ---- checker: guides ---------------------------------------------------------------------------
  E0501: {
    summary: 'a guide observes a site',
    message: "the guide observes '{name}'; only the model may observe data",
  },
  E0502: {
    summary: 'a guide samples a site that is not a latent site of the model',
    variants: {
      observed: "the guide samples '{name}', but '{name}' is observed in the model",
      param: "the guide samples '{name}', but '{name}' is a param of the model",
      unknown: "the guide samples '{name}', but the model has no latent site '{name}'",
    },
  },
  E0503: {
    summary: 'a latent site of the model is not sampled by the guide',
    variants: {
      continuous: "latent site '{name}' of the model is not sampled by the guide",
      infinite:
        "latent site '{name}' of the model is not sampled by the guide; '{name}' ({dist}) has infinite support, so it cannot be enumerated",
    },
  },
  E0504: {
    summary: "a guide site's plates differ from the model site's",
    variants: {
      guideOutside:
        "the guide samples '{name}' outside every plate, but the model samples it inside plates of sizes [{modelSizes}]",
      modelOutside:
        "the guide samples '{name}' inside plates of sizes [{guideSizes}], but the model samples it outside every plate",
      bothInside:
        "the guide samples '{name}' inside plates of sizes [{guideSizes}], but the model samples it inside plates of sizes [{modelSizes}]",
      event:
        "the guide samples '{name}' as a vector of {guideSize}, but the model samples it as a vector of {modelSize}",
    },
  },
  E0505: {
    summary:
      'a guide samples a site with a distribution of the wrong kind (discrete vs continuous)',
    variants: {
      discreteGuide:
        "the guide samples '{name}' from discrete {guideDist}, but the model's {modelDist} is continuous",
      continuousGuide:
        "the guide samples '{name}' from continuous {guideDist}, but the model's {modelDist} is discrete",
    },
  },
  E0506: {
    summary: 'an auto guide name is not known',
    message: "auto guide '{name}' is not known; use {known}",
  },
  E0507: {
    summary: "an auto guide's arguments are wrong",
    variants: {
      noArguments: 'auto guide {family} takes no arguments',
      rankArity:
        'AutoLowRankMultivariateNormal takes one argument, its rank, but {given} {given:is|are} given',
      rankName: "AutoLowRankMultivariateNormal has no argument '{name}'; it takes rank",
      rankValue: 'the rank of AutoLowRankMultivariateNormal must be a positive int literal',
      rankTooLarge:
        'the rank of AutoLowRankMultivariateNormal is at most {most} (its rank × rank capacitance matrix is unrolled into the program), but {rank} is given; AutoMultivariateNormal gives a full covariance',
    },
  },
  E0508: {
    summary: 'an auto guide is given a discrete latent site with infinite support',
    message:
      "latent site '{name}' ({dist}) is discrete with infinite support, so {family} cannot guide it and enumeration cannot sum it out",
  },
  E0509: {
    summary: "a guide distribution's support is wider than the model site's",
    message:
      "the guide samples '{name}' from {guideDist} with support {guideSupport}, wider than the model's {modelDist} ({modelSupport})",
  },
  E0510: {
    summary: "a low-rank guide's rank is above the dimension of the latents it covers",
    variants: {
      literal:
        'the rank of AutoLowRankMultivariateNormal is {rank}, but the continuous latents it covers have {dim} {dim:dimension|dimensions}; give a rank of at most {dim} (rank {dim} is already a full covariance, as AutoMultivariateNormal)',
      data: "the rank of AutoLowRankMultivariateNormal is {rank}, but the continuous latents it covers have {dim} {dim:dimension|dimensions} with the data's sizes ({sizes}); give a rank of at most {dim} (rank {dim} is already a full covariance, as AutoMultivariateNormal)",
    },
  },

  // ---- data files --------------------------------------------------------------------------------
  E0601: {
    summary: 'the data file is not well-formed JSON',
    variants: {
      trailing:
        'malformed JSON at line {line}, column {column}: unexpected {found} after the JSON value',
      nonFinite:
        'malformed JSON at line {line}, column {column}: NaN and Infinity are not JSON numbers',
      noValue: 'malformed JSON at line {line}, column {column}: expected a value but found {found}',
      tooDeep:
        'the data file nests arrays or objects more than {most} deep at line {line}, column {column}; data is at most a few levels deep',
      badNumber: 'malformed JSON at line {line}, column {column}: a malformed number',
      noFraction:
        'malformed JSON at line {line}, column {column}: a malformed number: digits must follow the decimal point',
      noExponent:
        'malformed JSON at line {line}, column {column}: a malformed number: digits must follow the exponent',
      noMemberName:
        'malformed JSON at line {line}, column {column}: expected a member name in quotes but found {found}',
      noColon:
        "malformed JSON at line {line}, column {column}: expected ':' after the member name but found {found}",
      noObjectEnd:
        "malformed JSON at line {line}, column {column}: expected ',' or '}' but found {found}",
      noArrayEnd:
        "malformed JSON at line {line}, column {column}: expected ',' or ']' but found {found}",
      unclosedString: 'malformed JSON at line {line}, column {column}: a string is not closed',
      stringPastLine:
        'malformed JSON at line {line}, column {column}: a string runs past the end of its line',
      badEscape: 'malformed JSON at line {line}, column {column}: a string has a malformed escape',
    },
  },
  E0602: {
    summary: 'the data file is not a JSON object',
    message:
      'the data file must hold a JSON object with one member per data declaration, not {kind}',
  },
  E0603: {
    summary: 'a data member is missing',
    variants: {
      member: "data member '{name}' is missing from the data file",
      size: "data member '{name}' is missing from the data file; it is a size that no array in the file gives",
    },
  },
  E0604: {
    summary: 'the data file has a member that no data declaration names (a warning)',
    severity: 'warning',
    message:
      "member '{name}' of the data file is not declared as data in the program; it is ignored",
  },
  E0605: {
    summary: 'a data value has the wrong type (not a number or array)',
    variants: {
      member: "member '{member}' should be a number, but it is {kind}",
      element: "{path} of member '{member}' should be a number, but it is {kind}",
    },
  },
  E0606: {
    summary: 'a data array has the wrong number of dimensions or is ragged',
    variants: {
      scalarIsArray: "member '{member}' should be a single number, but {path} is an array",
      tooDeep:
        "member '{member}' should be a {dims}-dimensional array of numbers, but {path} is an array",
      memberNotArray:
        "member '{member}' should be an array (member '{member}' is declared with {dims} {dims:dimension|dimensions}), but it is {kind}",
      elementNotArray:
        "{path} should be an array (member '{member}' is declared with {dims} {dims:dimension|dimensions}), but it is {kind}",
      raggedKind:
        "member '{member}' is ragged: {path} is {kind} where an array of {length} is expected",
      raggedLength:
        "member '{member}' is ragged: {path} has {length} {length:element|elements}, but {first} has {expected}",
    },
  },
  E0607: {
    summary: "a data array's length disagrees with a declared size",
    variants: {
      literal:
        "{path} has {length} {length:element|elements}, but dimension {dim} of '{member}' is declared {size}",
      member:
        "{path} has {length} {length:element|elements}, but size '{size}' is {known} (dimension {dim} of '{member}')",
    },
  },
  E0608: {
    summary: 'an int data value is not an integer',
    variants: {
      member: "member '{member}' is {value}, but '{member}' is declared int",
      element: "{path} of member '{member}' is {value}, but '{member}' is declared int",
    },
  },
  E0609: {
    summary: 'a data value is not a finite number',
    variants: {
      memberString: "member '{member}' is the string {string}; data values must be finite numbers",
      elementString:
        "{path} of member '{member}' is the string {string}; data values must be finite numbers",
      member: "member '{member}' is not a finite number",
      element: "{path} of member '{member}' is not a finite number",
    },
  },
  E0610: {
    summary: 'a size is negative or not an integer',
    variants: {
      negative: "size '{name}' is {value}, but a size cannot be negative",
      large: "size '{name}' is {value}, larger than {most}, the most pplc runs along one axis",
      member: "member '{member}' is {value}, but '{member}' is declared int",
      element: "{path} of member '{member}' is {value}, but '{member}' is declared int",
    },
  },
  E0611: {
    summary: 'two arrays disagree on a size that the file leaves out',
    message:
      "{path} has {length} {length:element|elements}, but size '{size}' is {known} from member '{from}' (dimension {dim} of '{member}')",
  },
  E0612: {
    summary: "an observed value lies outside its distribution's support",
    variants: {
      boolean: "{path} is {value}, but '{name}' is observed from {dist}, whose values are 0 or 1",
      count:
        "{path} is {value}, but '{name}' is observed from {dist}, whose values are a non-negative integer",
      simplex:
        "{path} sums to {value}, but '{name}' is observed from {dist}, whose values are positive numbers summing to 1",
      nonnegative:
        "{path} is {value}, but '{name}' is observed from {dist}, whose values are not negative",
      unit: "{path} is {value}, but '{name}' is observed from {dist}, whose values lie strictly between 0 and 1",
      above:
        "{path} is {value}, but '{name}' is observed from {dist}, whose values are at most {most} here ({why})",
    },
  },
  E0613: {
    summary: 'a member appears twice in the data file',
    message: "member '{name}' appears twice in the data file",
  },
  E0614: {
    summary: 'an int member used as an index holds a value outside the dimension it indexes',
    variants: {
      literal:
        "{path} is {value}, but '{name}' is used as an index into a dimension of size {size}, so it must be an integer in [0, {max}]",
      named:
        "{path} is {value}, but '{name}' is used as an index into a dimension of size {sizeName} = {size}, so it must be an integer in [0, {max}]",
    },
  },

  E0615: {
    summary: 'a size is 0 where a distribution needs a vector of at least one coordinate',
    message:
      "size '{size}' is 0, but '{site}' (line {line}) is {dist} over a vector of that length, which needs at least one coordinate",
  },

  // ---- lowering ----------------------------------------------------------------------------------
  E0702: {
    summary: 'an autoguide covers a Uniform site whose bounds are not constants',
    message: "the autoguide needs constant bounds for the Uniform site '{site}'",
  },
  E0704: {
    summary: 'a multivariate autoguide is given a site inside a subsampled plate',
    message: "a multivariate autoguide cannot cover the subsampled site '{site}'",
  },
  E0705: {
    summary: 'a guide samples a site from a distribution with no reparameterised sampler',
    message:
      "the guide samples '{site}' from {dist}, which has no reparameterised sampler, and this method differentiates through the guide's samples; fit with --method vi (score-function gradients) or --method rws, or leave the discrete site out of the guide to have it enumerated",
  },
  E0706: {
    summary: 'a discrete latent site left to enumeration is used across the elements of its plate',
    message:
      "the enumerated site '{site}' is used across the elements of its plate '{plate}', so it cannot be summed out element by element; use it only inside that plate, or sample it in the guide",
  },
  E0707: {
    summary: 'a discrete latent site left to enumeration has no finite support',
    message:
      "the discrete site '{site}' has no finite support known in advance, so it cannot be enumerated",
  },
  E0708: {
    summary: 'a massively parallel method is given a guide that draws all latents jointly',
    message:
      "the method '{method}' draws K samples of each latent site on its own, but {guide} draws all latents jointly; use AutoNormal, AutoDelta or a guide of your own",
  },
  E0709: {
    summary: 'a site cannot be drawn when the model is simulated',
    message:
      "'{site}' cannot be drawn: a Binomial draw needs total_count as an integer constant or a scalar int of the data",
  },
  E0710: {
    summary: 'a multivariate autoguide is given a vector-valued (Dirichlet) site',
    message:
      "AutoMultivariateNormal and AutoLowRankMultivariateNormal do not cover the vector-valued site '{site}'; use AutoNormal (a Normal in its stick-breaking coordinates) or write a guide for it",
  },
  E0711: {
    summary:
      "a data value or a param's start beyond float32's range, which the WebGPU backend computes in",
    variants: {
      member:
        "data '{name}' is {value}, beyond float32's range (magnitudes from 1.2e-38 to 3.4e38, or 0), which the WebGPU backend computes in; rescale it to run on WebGPU (the CPU backend computes in float64)",
      element:
        "data '{name}' holds {value} at {path}, beyond float32's range (magnitudes from 1.2e-38 to 3.4e38, or 0), which the WebGPU backend computes in; rescale it to run on WebGPU (the CPU backend computes in float64)",
      param:
        "param '{name}' starts at {value}, beyond float32's range (magnitudes from 1.2e-38 to 3.4e38, or 0), which the WebGPU backend computes in; start it inside that range to run on WebGPU (the CPU backend computes in float64)",
      paramElement:
        "param '{name}' starts at {value} at {path}, beyond float32's range (magnitudes from 1.2e-38 to 3.4e38, or 0), which the WebGPU backend computes in; start it inside that range to run on WebGPU (the CPU backend computes in float64)",
    },
  },
} as const satisfies { readonly [code: `E0${number}`]: Entry };

export type Code = keyof typeof CODES;

/** The checker's and the data validator's ranges, so that each stage's reporting helper takes its own codes only. */
export type CheckCode = Extract<Code, `E0${2 | 3 | 4 | 5}${string}`>;
export type DataCode = Extract<Code, `E06${string}`>;
