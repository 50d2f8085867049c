// CAP 1.2 parse → model → produce, on valid and invalid documents.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.ts';
import { buildCap, type CapAlert, capReference, GB_IDENTIFIER, gbIdentifier, parseCap } from './cap.ts';
import { capDoc } from './warnings.fixtures.ts';

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).fields.map((f) => f.field);
  }
  throw new Error('expected a ValidationError');
}

describe('CAP 1.2 round trip', () => {
  it('parses a valid alert into the model (lon/lat order, level from severity)', () => {
    const a = parseCap(capDoc());
    expect(a.identifier).toBe('33020041600000_20260601080000_1');
    expect(a.sent.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(a.msgType).toBe('Alert');
    expect(a.info?.severity).toBe('Severe');
    expect(a.info?.areas[0].polygons[0][0]).toEqual([121.2, 29.7]);
    expect(a.info?.areas[0].circles[0]).toEqual({ lon: 121.35, lat: 29.78, radiusKm: 5 });
    expect(a.info?.areas[0].geocodes).toEqual(['330203106']);
  });

  it('produces XML that parses back to the same model', () => {
    const a = parseCap(capDoc());
    const xml = buildCap(a);
    expect(xml).toContain('xmlns="urn:oasis:names:tc:emergency:cap:1.2"');
    expect(xml).toContain('<sent>2026-06-01T08:00:00+08:00</sent>');
    expect(parseCap(xml)).toEqual(a);
  });

  it('round-trips an update and a cancel chain with their references', () => {
    const first = parseCap(capDoc());
    const update = parseCap(capDoc({ id: 'U2', msgType: 'Update', refs: capReference(first), severity: 'Extreme', sent: '2026-06-01T10:00:00+08:00' }));
    expect(update.references).toEqual(['qxj@nbqx.gov.cn,33020041600000_20260601080000_1,2026-06-01T08:00:00+08:00']);
    const cancel: CapAlert = {
      ...update,
      identifier: 'C3',
      msgType: 'Cancel',
      references: [capReference(first), capReference(update)],
      info: undefined,
      infoExpires: [],
    };
    const back = parseCap(buildCap(cancel));
    expect(back).toEqual(cancel);
    expect(back.references).toHaveLength(2);
    expect(parseCap(buildCap(update))).toEqual(update);
  });

  it('rejects invalid documents naming the element', () => {
    expect(fields(() => parseCap('<alert><identifier>x</alert>'))).toEqual(['alert']);
    expect(fields(() => parseCap('<feed/>'))).toEqual(['alert']);
    expect(fields(() => parseCap(capDoc({ id: '' })))).toContain('alert.identifier');
    expect(fields(() => parseCap(capDoc({ severity: 'Red' })))).toContain('alert.info[0].severity');
    expect(fields(() => parseCap(capDoc({ sent: '2026-06-01 08:00' })))).toContain('alert.sent');
    expect(fields(() => parseCap(capDoc({ msgType: 'Update' })))).toContain('alert.references');
    expect(fields(() => parseCap(capDoc({ msgType: 'Cancel', refs: 'only-one-part' })))).toContain('alert.references[0]');
    expect(fields(() => parseCap(capDoc({ msgType: 'Ack' })))).toContain('alert.msgType');
    const open = '<area><areaDesc>x</areaDesc><polygon>29.7,121.2 29.7,121.4 29.9,121.4</polygon></area>';
    expect(fields(() => parseCap(capDoc({ area: open })))).toContain('alert.info[0].area[0].polygon[0]');
    const badCode = '<area><areaDesc>x</areaDesc><geocode><valueName>GB/T 2260</valueName><value>33A</value></geocode></area>';
    expect(fields(() => parseCap(capDoc({ area: badCode })))).toContain('alert.info[0].area[0].geocode[0].value');
    expect(fields(() => parseCap(capDoc({ area: '' })))).toContain('alert.info[0].area');
  });

  it('does not expand entities (no XXE / billion laughs)', () => {
    const evil = capDoc()
      .replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
      .replace('暴雨</event>', '&x;</event>');
    let event = '';
    try {
      event = parseCap(evil).info?.event ?? '';
    } catch {
      event = '';
    }
    expect(event).not.toContain('root:');
  });

  it('makes GB/T 35965.1 identifiers', () => {
    const id = gbIdentifier('330203', '00000001', new Date('2026-06-01T00:00:05Z'), 2);
    expect(id).toBe('33020300000001_20260601080005_2');
    expect(id).toMatch(GB_IDENTIFIER);
  });
});
