/** The attributes configurable products vary by, with their values and labels per language. */
import type { AttributeDef } from './types.js';

export const COLOR: AttributeDef = {
  code: 'color',
  attributeId: 1,
  labels: { de: 'Farbe', en: 'Color', fr: 'Couleur' },
  values: [
    { code: 'black', valueId: 101, position: 1, labels: { de: 'Schwarz', en: 'Black', fr: 'Noir' } },
    { code: 'white', valueId: 102, position: 2, labels: { de: 'Weiß', en: 'White', fr: 'Blanc' } },
    { code: 'red', valueId: 103, position: 3, labels: { de: 'Rot', en: 'Red', fr: 'Rouge' } },
    { code: 'blue', valueId: 104, position: 4, labels: { de: 'Blau', en: 'Blue', fr: 'Bleu' } },
    { code: 'green', valueId: 105, position: 5, labels: { de: 'Grün', en: 'Green', fr: 'Vert' } },
    { code: 'grey', valueId: 106, position: 6, labels: { de: 'Grau', en: 'Grey', fr: 'Gris' } },
    { code: 'yellow', valueId: 107, position: 7, labels: { de: 'Gelb', en: 'Yellow', fr: 'Jaune' } },
    { code: 'navy', valueId: 108, position: 8, labels: { de: 'Marineblau', en: 'Navy', fr: 'Bleu marine' } },
  ],
};

export const SIZE: AttributeDef = {
  code: 'size',
  attributeId: 2,
  labels: { de: 'Größe', en: 'Size', fr: 'Taille' },
  values: ['XS', 'S', 'M', 'L', 'XL', 'XXL'].map((code, i) => ({
    code,
    valueId: 201 + i,
    position: i + 1,
    labels: { de: code, en: code, fr: code },
  })),
};

export const ATTRIBUTES: readonly AttributeDef[] = [COLOR, SIZE];
