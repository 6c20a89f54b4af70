/** A dense row-major matrix: row r, column c is data[r * columns + c]. */
export interface DenseMatrix {
  data: Float64Array;
  rows: number;
  columns: number;
}

/** Rows as arrays (or typed arrays), or one flat row-major Float64Array with a column count. */
export type MatrixInput = readonly ArrayLike<number>[] | Float64Array;

export function toDenseMatrix(input: MatrixInput, columns?: number): DenseMatrix {
  if (input instanceof Float64Array) {
    if (columns === undefined || !Number.isInteger(columns) || columns < 1) {
      throw new RangeError('a flat Float64Array needs a positive integer column count');
    }
    if (input.length % columns !== 0) {
      throw new RangeError(`flat matrix of length ${input.length} is not a multiple of ${columns} columns`);
    }
    return { data: input, rows: input.length / columns, columns };
  }
  const rows = input.length;
  const width = columns ?? (rows > 0 ? input[0].length : 0);
  const data = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const row = input[r];
    if (row.length !== width) {
      throw new RangeError(`row ${r} has ${row.length} values, expected ${width}`);
    }
    for (let c = 0; c < width; c++) data[r * width + c] = row[c];
  }
  return { data, rows, columns: width };
}

export function assertFinite(matrix: DenseMatrix): void {
  const { data, columns } = matrix;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(
        `training value at row ${Math.floor(i / columns)}, column ${i % columns} is not a finite number`,
      );
    }
  }
}
