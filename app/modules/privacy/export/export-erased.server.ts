/**
 * A deletion of the same person started while their archive was being built:
 * the archive is discarded rather than published, since the deletion would
 * otherwise have to find it after the fact (or miss it).
 */
export class ExportErased extends Error {
  constructor() {
    super("a deletion request for the same person started during the export");
    this.name = "ExportErased";
  }
}
