import { eq } from 'drizzle-orm';
import type { ScheduleSetting } from '../domain/progress-report/report-schedule';
import type { Database } from './database';
import { reportSchedules } from './schema/report-schedules';

/** Each practice's progress-report schedule; a practice without a row uses the default. */
export class ReportScheduleRepository {
  constructor(private readonly db: Database) {}

  async find(practiceId: string): Promise<ScheduleSetting | undefined> {
    const [row] = await this.db
      .select({ everyDays: reportSchedules.everyDays, everySessions: reportSchedules.everySessions })
      .from(reportSchedules)
      .where(eq(reportSchedules.practiceId, practiceId));
    return row;
  }

  /** Sets the practice's schedule, replacing any earlier one. */
  async put(practiceId: string, setting: ScheduleSetting, updatedAt: Date): Promise<ScheduleSetting> {
    const values = { everyDays: setting.everyDays, everySessions: setting.everySessions, updatedAt };
    await this.db
      .insert(reportSchedules)
      .values({ practiceId, ...values })
      .onConflictDoUpdate({ target: reportSchedules.practiceId, set: values });
    return { everyDays: setting.everyDays, everySessions: setting.everySessions };
  }
}
