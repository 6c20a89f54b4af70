/** A problem with an input file, told in terms of the file: which row, which column, what was wrong. */
export class InputFileError extends Error {
  override name = 'InputFileError';
}

export function cellError(file: string, row: number, column: string, problem: string): InputFileError {
  return new InputFileError(`${file} row ${row} (line ${row + 1}), column "${column}": ${problem}`);
}
