import { describe, expect, it } from 'vitest';
import { magentoErrorMessage, searchCriteria, substituteParameters } from '../../src/connectors/magento/index.js';

describe('searchCriteria()', () => {
  it('writes filter groups, sort orders and paging as Magento brackets, in order', () => {
    const qs = searchCriteria()
      .where('updated_at', '2024-05-01 10:00:00', 'gteq')
      .whereAny([
        { field: 'status', value: 'pending' },
        { field: 'status', value: 'processing' },
      ])
      .sortBy('updated_at')
      .sortBy('entity_id', 'DESC')
      .pageSize(300)
      .page(2)
      .toQueryString();
    expect(qs).toBe(
      'searchCriteria[filter_groups][0][filters][0][field]=updated_at' +
        '&searchCriteria[filter_groups][0][filters][0][value]=2024-05-01%2010%3A00%3A00' +
        '&searchCriteria[filter_groups][0][filters][0][condition_type]=gteq' +
        '&searchCriteria[filter_groups][1][filters][0][field]=status' +
        '&searchCriteria[filter_groups][1][filters][0][value]=pending' +
        '&searchCriteria[filter_groups][1][filters][0][condition_type]=eq' +
        '&searchCriteria[filter_groups][1][filters][1][field]=status' +
        '&searchCriteria[filter_groups][1][filters][1][value]=processing' +
        '&searchCriteria[filter_groups][1][filters][1][condition_type]=eq' +
        '&searchCriteria[sortOrders][0][field]=updated_at' +
        '&searchCriteria[sortOrders][0][direction]=ASC' +
        '&searchCriteria[sortOrders][1][field]=entity_id' +
        '&searchCriteria[sortOrders][1][direction]=DESC' +
        '&searchCriteria[pageSize]=300' +
        '&searchCriteria[currentPage]=2',
    );
  });

  it('joins list values for in/nin, writes dates as Magento UTC and encodes values', () => {
    expect(searchCriteria().where('sku', ['A-1', 'B 2', 'C&D'], 'in').toQueryString()).toBe(
      'searchCriteria[filter_groups][0][filters][0][field]=sku' +
        '&searchCriteria[filter_groups][0][filters][0][value]=A-1%2CB%202%2CC%26D' +
        '&searchCriteria[filter_groups][0][filters][0][condition_type]=in',
    );
    expect(searchCriteria().where('created_at', new Date('2024-02-03T04:05:06.789Z'), 'lt').toParams()[1]).toEqual([
      'searchCriteria[filter_groups][0][filters][0][value]',
      '2024-02-03 04:05:06',
    ]);
    expect(searchCriteria().where('name', "50% off (it's)", 'like').toParams()[1]?.[1]).toBe("50% off (it's)");
    expect(searchCriteria().where('name', "50% off (it's)", 'like').toQueryString()).toContain('[value]=50%25%20off%20%28it%27s%29');
    // Only RFC 3986's unreserved characters pass as they are, in names too (brackets stay literal).
    expect(searchCriteria().where("a*b!", "x!y'*~._-", 'eq').toQueryString()).toBe(
      'searchCriteria[filter_groups][0][filters][0][field]=a%2Ab%21' +
        '&searchCriteria[filter_groups][0][filters][0][value]=x%21y%27%2A~._-' +
        '&searchCriteria[filter_groups][0][filters][0][condition_type]=eq',
    );
    expect(searchCriteria().sortBy('ö ä').toParams()[0]).toEqual(['searchCriteria[sortOrders][0][field]', 'ö ä']);
    expect(searchCriteria().sortBy('ö ä').toQueryString()).toContain('[field]=%C3%B6%20%C3%A4');
  });

  it('asks for everything with an empty searchCriteria, which Magento requires', () => {
    expect(searchCriteria().toQueryString()).toBe('searchCriteria=');
  });

  it('is immutable: paging a base criteria leaves it unchanged', () => {
    const base = searchCriteria().where('status', 1).pageSize(50);
    const second = base.page(2);
    expect(base.toQueryString()).not.toContain('currentPage');
    expect(second.toQueryString()).toMatch(/searchCriteria\[currentPage\]=2$/);
  });

  it('refuses page sizes above 300 and other impossible input', () => {
    expect(() => searchCriteria().pageSize(301)).toThrow('pageSize must be an integer from 1 to 300, got 301');
    expect(() => searchCriteria().pageSize(0)).toThrow(RangeError);
    expect(() => searchCriteria().page(0)).toThrow(RangeError);
    expect(() => searchCriteria().whereAny([])).toThrow('at least one filter');
    expect(() => searchCriteria().where('x', 1, 'bogus' as 'eq')).toThrow('unknown condition type "bogus"');
  });
});

describe('Magento error messages', () => {
  it('substitutes %1 list parameters and %name object parameters', () => {
    expect(substituteParameters('The "%1" attribute value is empty. Set the attribute and try again.', ['sku'])).toBe(
      'The "sku" attribute value is empty. Set the attribute and try again.',
    );
    expect(substituteParameters('"%fieldName" is required. Enter and try again.', { fieldName: 'searchCriteria' })).toBe(
      '"searchCriteria" is required. Enter and try again.',
    );
    expect(substituteParameters('%field and %fieldName', { field: 'a', fieldName: 'b' })).toBe('a and b');
    expect(substituteParameters('%1 of %2', ['x'])).toBe('x of %2');
  });

  it('reads the main message and aggregated errors of a body', () => {
    expect(magentoErrorMessage({ message: 'Plain' })).toBe('Plain');
    expect(
      magentoErrorMessage({
        message: 'Validation failed.',
        errors: [{ message: '"%1" is required.', parameters: ['email'] }, { message: '"%1" is required.', parameters: ['firstname'] }],
      }),
    ).toBe('Validation failed. ("email" is required.; "firstname" is required.)');
    expect(magentoErrorMessage('<html>')).toBeUndefined();
  });
});
