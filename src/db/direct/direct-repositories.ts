import type { Database } from '../database';
import { DirectDeliveryRepository } from './delivery-repository';
import { DirectIdentityRepository } from './identity-repository';
import { DirectMessageRepository } from './message-repository';
import { DirectOutboxRepository } from './outbox-repository';
import { DirectPartnerRepository } from './partner-repository';
import { TrustAnchorRepository } from './trust-anchor-repository';

/** The Direct messaging tables, over one database handle (or transaction). */
export interface DirectRepositories {
  trustAnchors: TrustAnchorRepository;
  identities: DirectIdentityRepository;
  partners: DirectPartnerRepository;
  messages: DirectMessageRepository;
  outbox: DirectOutboxRepository;
  deliveries: DirectDeliveryRepository;
}

export function createDirectRepositories(db: Database): DirectRepositories {
  return {
    trustAnchors: new TrustAnchorRepository(db),
    identities: new DirectIdentityRepository(db),
    partners: new DirectPartnerRepository(db),
    messages: new DirectMessageRepository(db),
    outbox: new DirectOutboxRepository(db),
    deliveries: new DirectDeliveryRepository(db),
  };
}
