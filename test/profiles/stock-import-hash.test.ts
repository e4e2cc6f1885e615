/** The stock import's comparison of a source's quantity with the hash its link says was last written. */
import { describe, expect, it } from 'vitest';
import { hashText, sameHash, sameHashIn } from '../../src/profiles/types/plenty_stock_import/source-items.js';

describe('stock import: sameHash', () => {
  it('answers exactly what comparing with the built hash text answers', () => {
    const quantities = [0, 1, 5, 9, 10, 15, 100, 105, 12345, 999_999_999_999_999, 1e15, 0.5, 12.25, -3, -0.5, 1e21];
    const written = [null, undefined, '', '|', '|1', '0|1', '00|1', '05|1', '5|0', '5|1', '5|1x', 'x5|1', '15|1', '51|1', '105|1', '15|0', '10|1',
      '12345|1', '012345|1', '999999999999999|1', '1000000000000000|1', '0.5|1', '12.25|0', '-3|0', '-0.5|0', '1e+21|1'];
    for (const quantity of quantities) {
      for (const status of [0, 1] as const) {
        const text = hashText(quantity, status);
        for (const w of [...written, text]) {
          expect({ w, quantity, status, same: sameHash(w, quantity, status) }).toEqual({ w, quantity, status, same: w === text });
          // In place, amid other text (a range read's answer), it answers the same.
          if (typeof w === 'string') expect({ w, quantity, status, same: sameHashIn(`9 ${w} 1`, 2, 2 + w.length, quantity, status) }).toEqual({ w, quantity, status, same: w === text });
        }
      }
    }
  });
});
