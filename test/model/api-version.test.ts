/**
 * apiVersion order decides which version a fix raises to and which schema
 * facts apply: by date, a preview before the GA version of its date, and
 * anything that is not a date ordered as text.
 */
import fc from 'fast-check';
import { compareApiVersions } from '../../src/model/api-version';

const sign = (n: number) => Math.sign(n);

describe('compareApiVersions', () => {
  it('orders by date, a preview before its GA version', () => {
    const versions = ['2021-03-01', '2018-06-01', '2021-03-01-preview', '2017-12-01', ' 2018-06-01-preview ', '2020-12-01-beta'];
    expect([...versions].sort(compareApiVersions)).toEqual(['2017-12-01', ' 2018-06-01-preview ', '2018-06-01', '2020-12-01-beta', '2021-03-01-preview', '2021-03-01']);
  });

  it('orders any two dated versions as their dates compare with localeCompare (the order it has always used)', () => {
    const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const version = fc.tuple(digits(4), digits(2), digits(2), fc.constantFrom('', '-preview', '-Preview', '-alpha')).map(([y, m, d, tail]) => `${y}-${m}-${d}${tail}`);
    fc.assert(
      fc.property(version, version, (a, b) => {
        const byDate = a.slice(0, 10).localeCompare(b.slice(0, 10));
        const preview = Number(/-preview$/i.test(b)) - Number(/-preview$/i.test(a));
        expect(sign(compareApiVersions(a, b))).toBe(sign(byDate !== 0 ? byDate : preview));
      }),
      { numRuns: 2000, seed: 20261123 },
    );
  });

  it('orders what is not a date as text, after and before dates as localeCompare puts them', () => {
    expect(sign(compareApiVersions('latest', '2021-03-01'))).toBe(sign('latest'.localeCompare('2021-03-01')));
    expect(sign(compareApiVersions('[parameters(\'v\')]', 'latest'))).toBe(sign("[parameters('v')]".localeCompare('latest')));
    expect(compareApiVersions('latest', 'latest')).toBe(0);
  });
});
