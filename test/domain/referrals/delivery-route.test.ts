import { describe, expect, it } from 'vitest';
import { chooseDeliveryRoute, type KnownPhysician } from '../../../src/domain/referrals/delivery-route';

const lee: KnownPhysician = { npi: '1234567893', address: 'dr.lee@direct.clinic.example', preferredChannel: 'direct' };
const park: KnownPhysician = { npi: '1987654328', address: 'dr.park@direct.clinic.example', preferredChannel: 'fhir' };
const fax: KnownPhysician = { npi: null, address: 'frontdesk@direct.ortho.example', preferredChannel: 'fax' };
const partners = [lee, park, fax];

describe('chooseDeliveryRoute', () => {
  it('sends by the preferred channel of the partner the physician is, matched by NPI', () => {
    expect(chooseDeliveryRoute({ partners, physician: { npis: ['1234567893'], directAddresses: [] }, receivedVia: 'fhir' })).toEqual({
      channel: 'direct',
      to: lee.address,
      partner: lee,
    });
    expect(chooseDeliveryRoute({ partners, physician: { npis: ['1987654328'], directAddresses: [] }, receivedVia: 'direct', sender: lee.address })).toEqual({
      channel: 'fhir',
      partner: park,
    });
  });

  it('matches by a Direct address the Practitioner carries, case-insensitively, when no NPI matches', () => {
    expect(chooseDeliveryRoute({ partners, physician: { npis: ['1245319599'], directAddresses: ['FrontDesk@Direct.Ortho.example'] } })).toEqual({
      channel: 'download',
      partner: fax,
    });
  });

  it('prefers the NPI match over an address match', () => {
    const route = chooseDeliveryRoute({ partners, physician: { npis: ['1987654328'], directAddresses: [lee.address] } });
    expect(route.partner).toBe(park);
  });

  it('matches the verified sender of a Direct referral to a partner', () => {
    expect(chooseDeliveryRoute({ partners, physician: { npis: [], directAddresses: [] }, receivedVia: 'direct', sender: 'DR.LEE@direct.clinic.example' })).toMatchObject({
      channel: 'direct',
      to: lee.address,
    });
  });

  it('answers a Direct referral from someone who is not a partner by Direct, to the sender', () => {
    expect(chooseDeliveryRoute({ partners, receivedVia: 'direct', sender: 'dr.new@direct.other.example' })).toEqual({
      channel: 'direct',
      to: 'dr.new@direct.other.example',
    });
  });

  it('answers a FHIR referral by FHIR, and anything else by download', () => {
    expect(chooseDeliveryRoute({ partners, physician: { npis: ['1245319599'], directAddresses: [] }, receivedVia: 'fhir' })).toEqual({ channel: 'fhir' });
    expect(chooseDeliveryRoute({ partners })).toEqual({ channel: 'download' });
    expect(chooseDeliveryRoute({ partners: [], receivedVia: 'direct' })).toEqual({ channel: 'download' });
  });
});
