// The data validator's diagnostic codes (E06xx): JSON syntax, members, types, shapes, sizes and values.
export const DATA_CODES = {
  E0601: 'the data file is not well-formed JSON',
  E0602: 'the data file is not a JSON object',
  E0603: 'a data member is missing',
  E0604: 'the data file has a member that no data declaration names (a warning)',
  E0605: 'a data value has the wrong type (not a number or array)',
  E0606: 'a data array has the wrong number of dimensions or is ragged',
  E0607: "a data array's length disagrees with a declared size",
  E0608: 'an int data value is not an integer',
  E0609: 'a data value is not a finite number',
  E0610: 'a size is negative or not an integer',
  E0611: 'two arrays disagree on a size that the file leaves out',
  E0612: "an observed value lies outside its distribution's support",
  E0613: 'a member appears twice in the data file',
  E0614: 'an int member used as an index holds a value outside the dimension it indexes',
} as const;

export type DataCode = keyof typeof DATA_CODES;
