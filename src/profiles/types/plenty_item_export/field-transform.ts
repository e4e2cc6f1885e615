/**
 * Applies one field-mapping row to a Magento value, in the documented order: fixed value (ignores the
 * source), value map, unit conversion, number format, default value (when the result is empty).
 */
import type { FieldMappingRow } from '../../config/field-mapping.js';
import { lengthUnits, weightUnits } from '../../config/field-mapping.js';

export type Scalar = string | number | boolean;
type Unit = (typeof weightUnits)[number] | (typeof lengthUnits)[number];

// Factors to the base unit of each kind (grams, millimetres).
const FACTORS: Record<Unit, number> = { mg: 0.001, g: 1, kg: 1000, lb: 453.59237, oz: 28.349523125, mm: 1, cm: 10, m: 1000, in: 25.4, ft: 304.8 };

/** PlentyONE fields that carry a unit, and that unit. */
export const FIELD_UNITS: Readonly<Record<string, 'g' | 'mm'>> = {
  weightG: 'g', weightNetG: 'g', widthMM: 'mm', lengthMM: 'mm', heightMM: 'mm',
};

export function convertUnit(value: number, from: Unit, to: Unit): number {
  return (value * FACTORS[from]) / FACTORS[to];
}

export function formatNumber(value: number, f: { decimals: number; decimalSeparator: '.' | ','; thousandsSeparator: string }): string {
  const [whole = '0', fraction] = Math.abs(value).toFixed(f.decimals).split('.');
  const grouped = f.thousandsSeparator ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, f.thousandsSeparator) : whole;
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : f.decimalSeparator + fraction}`;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/**
 * The value to write, or undefined when there is nothing (empty source, no default). `impliedUnit` is
 * the conversion applied when the row names none (Magento's weight unit → grams, for weightG).
 */
export function applyFieldMapping(row: FieldMappingRow, source: unknown, impliedUnit?: { from: Unit; to: Unit }): Scalar | undefined {
  let value: unknown = row.fixedValue !== undefined ? row.fixedValue : source;
  if (row.fixedValue === undefined && row.valueMap && !isEmpty(value)) {
    const mapped = row.valueMap[String(value)];
    if (mapped !== undefined) value = mapped;
  }
  const unit = row.unit ?? impliedUnit;
  if (unit && !isEmpty(value)) {
    const n = asNumber(value);
    if (n !== undefined) {
      const converted = convertUnit(n, unit.from, unit.to);
      // Grams and millimetres are whole numbers in PlentyONE unless a number format says otherwise.
      value = row.number ? converted : Math.round(converted);
    }
  }
  if (row.number && !isEmpty(value)) {
    const n = asNumber(value);
    if (n !== undefined) value = formatNumber(n, row.number);
  }
  if (isEmpty(value)) value = row.defaultValue;
  if (isEmpty(value)) return undefined;
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
