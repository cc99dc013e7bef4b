/**
 * The standard Dataverse one-to-many relationships portal table permissions name most, by schema name: the
 * table whose rows hold the lookup, the lookup column, and the table it points to. A relationship missing
 * here is resolved from the solution's metadata or `options.relationships`, never guessed
 * (docs/guide/import.md lists each entry with the Dataverse table reference it was checked against).
 */
export const STANDARD_RELATIONSHIPS: Readonly<
  Record<string, { readonly table: string; readonly column: string; readonly references: string }>
> = {
  // Notes (files and comments) on a record: annotation.objectid is polymorphic.
  Contact_Annotation: { table: 'annotation', column: 'objectid', references: 'contact' },
  Account_Annotation: { table: 'annotation', column: 'objectid', references: 'account' },
  Incident_Annotation: { table: 'annotation', column: 'objectid', references: 'incident' },
  SalesOrder_Annotation: { table: 'annotation', column: 'objectid', references: 'salesorder' },
  Invoice_Annotation: { table: 'annotation', column: 'objectid', references: 'invoice' },
  Quote_Annotation: { table: 'annotation', column: 'objectid', references: 'quote' },
  Opportunity_Annotation: { table: 'annotation', column: 'objectid', references: 'opportunity' },
  // A contact's company, and an account's primary contact and parent account.
  contact_customer_accounts: { table: 'contact', column: 'parentcustomerid', references: 'account' },
  account_primary_contact: { table: 'account', column: 'primarycontactid', references: 'contact' },
  account_parent_account: { table: 'account', column: 'parentaccountid', references: 'account' },
  // Customer lookups (customerid is polymorphic: an account or a contact).
  incident_customer_accounts: { table: 'incident', column: 'customerid', references: 'account' },
  incident_customer_contacts: { table: 'incident', column: 'customerid', references: 'contact' },
  order_customer_accounts: { table: 'salesorder', column: 'customerid', references: 'account' },
  order_customer_contacts: { table: 'salesorder', column: 'customerid', references: 'contact' },
  invoice_customer_accounts: { table: 'invoice', column: 'customerid', references: 'account' },
  invoice_customer_contacts: { table: 'invoice', column: 'customerid', references: 'contact' },
  quote_customer_accounts: { table: 'quote', column: 'customerid', references: 'account' },
  quote_customer_contacts: { table: 'quote', column: 'customerid', references: 'contact' },
  opportunity_customer_accounts: { table: 'opportunity', column: 'customerid', references: 'account' },
  opportunity_customer_contacts: { table: 'opportunity', column: 'customerid', references: 'contact' },
  // Lines of an order, a quote, an invoice.
  order_details: { table: 'salesorderdetail', column: 'salesorderid', references: 'salesorder' },
  quote_details: { table: 'quotedetail', column: 'quoteid', references: 'quote' },
  invoice_details: { table: 'invoicedetail', column: 'invoiceid', references: 'invoice' },
};

/** Tables whose primary key is not `<table>id`: the activity tables share `activityid`. */
const KEY_EXCEPTIONS: Readonly<Record<string, string>> = {
  activitypointer: 'activityid',
  appointment: 'activityid',
  email: 'activityid',
  fax: 'activityid',
  letter: 'activityid',
  phonecall: 'activityid',
  task: 'activityid',
};

/** The primary key column of a Dataverse table: `<logical name>id`, or the activity key. */
export function dataverseKeyOf(table: string): string {
  return Object.hasOwn(KEY_EXCEPTIONS, table) ? KEY_EXCEPTIONS[table]! : `${table}id`;
}
