import type { Clock } from '../lib/clock';
import { AuditLog } from './audit-log';
import type { Database } from './database';
import { createDirectRepositories, type DirectRepositories } from './direct/direct-repositories';
import { DocumentDeliveryRepository } from './document-delivery-repository';
import { PracticeRepository } from './practice-repository';
import { ReportScheduleRepository } from './report-schedule-repository';
import { PracticeResourceStore } from './resource-store/resource-store';
import { NotificationOutbox } from './subscriptions/notification-outbox';
import { UserRepository } from './user-repository';

/**
 * Every repository over one database handle. `transaction` hands out the same set bound to one
 * transaction, so a business change, its resources and its audit commit or fail together.
 */
export interface Repositories {
  practices: PracticeRepository;
  users: UserRepository;
  audit: AuditLog;
  /** Each practice's progress-report schedule (a practice setting, keyed by the tenant). */
  reportSchedules: ReportScheduleRepository;
  /** Direct messaging: trust anchors, identities, partners, messages, outbox, deliveries. */
  direct: DirectRepositories;
  /** How the practice's documents (reports, letters) reach the referring physician. */
  documentDeliveries: DocumentDeliveryRepository;
  /** Subscription notifications of every practice, for the dispatcher. */
  notifications: NotificationOutbox;
  /** The resource store of one practice: the only way to reach clinical data. */
  resourcesOf(practiceId: string): PracticeResourceStore;
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Answers once the database does; rejects otherwise. */
  ping(): Promise<void>;
}

export function createRepositories(db: Database, clock: Clock): Repositories {
  return {
    practices: new PracticeRepository(db),
    users: new UserRepository(db),
    audit: new AuditLog(db, clock),
    reportSchedules: new ReportScheduleRepository(db),
    direct: createDirectRepositories(db),
    documentDeliveries: new DocumentDeliveryRepository(db),
    notifications: new NotificationOutbox(db),
    resourcesOf: (practiceId) => new PracticeResourceStore(db, practiceId, clock),
    transaction: (work) => db.transaction((tx) => work(createRepositories(tx, clock))),
    ping: async () => {
      await db.execute('select 1');
    },
  };
}
