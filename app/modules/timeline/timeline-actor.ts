/** Who writes to a timeline from a request: the organization, the person and their name (for events). */
export interface TimelineActor {
  organizationId: string;
  userId: string;
  userName: string;
}
