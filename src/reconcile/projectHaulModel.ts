/**
 * ProjectHaul — CDW-PROJECT's running totals: per project, the exit weight and trips of its non-voided
 * waybills in each month the rule evaluated (`_id` = project code), and one `#evaluated` document
 * listing every evaluated month with the projects it counted. A month's totals are written each time
 * the rule evaluates that month (every run whose changes touch it), so a later month reads its
 * projects' earlier totals with one point read each instead of every earlier waybill.
 */
import { Schema, model } from 'mongoose';

export interface ProjectHaulMonth {
  month: string;
  grams: number;
  trips: number;
}

export interface ProjectHaul {
  /** the project code, or `#evaluated` */
  _id: string;
  months: ProjectHaulMonth[];
  /** on `#evaluated`: the months evaluated and the projects each counted */
  evaluated?: { month: string; codes: string[] }[];
}

export const EVALUATED_ID = '#evaluated';

const projectHaulSchema = new Schema<ProjectHaul>(
  {
    _id: { type: String, required: true },
    months: { type: [new Schema<ProjectHaulMonth>({ month: String, grams: Number, trips: Number }, { _id: false })], default: [] },
    evaluated: { type: [new Schema({ month: String, codes: [String] }, { _id: false })], default: undefined },
  },
  { collection: 'projecthauls', versionKey: false },
);

export const ProjectHaulModel = model<ProjectHaul>('ProjectHaul', projectHaulSchema);
