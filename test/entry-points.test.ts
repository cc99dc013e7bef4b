import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as accounts from '../src/accounts/index.js';
import * as importer from '../src/import/index.js';
import * as core from '../src/index.js';
import * as drizzle from '../src/integrations/drizzle/index.js';
import * as fastify from '../src/integrations/fastify/index.js';
import * as kysely from '../src/integrations/kysely/index.js';
import * as prisma from '../src/integrations/prisma/index.js';
import * as store from '../src/store/index.js';
import * as testing from '../src/testing/index.js';

const ENTRIES = {
  core: fileURLToPath(new URL('../src/index.ts', import.meta.url)),
  accounts: fileURLToPath(new URL('../src/accounts/index.ts', import.meta.url)),
  testing: fileURLToPath(new URL('../src/testing/index.ts', import.meta.url)),
  kysely: fileURLToPath(new URL('../src/integrations/kysely/index.ts', import.meta.url)),
  drizzle: fileURLToPath(new URL('../src/integrations/drizzle/index.ts', import.meta.url)),
  prisma: fileURLToPath(new URL('../src/integrations/prisma/index.ts', import.meta.url)),
  fastify: fileURLToPath(new URL('../src/integrations/fastify/index.ts', import.meta.url)),
  import: fileURLToPath(new URL('../src/import/index.ts', import.meta.url)),
  store: fileURLToPath(new URL('../src/store/index.ts', import.meta.url)),
};

/** The names each entry exports as types only (interfaces and type aliases), sorted, read by the compiler. */
function typeOnlyExports(): Record<keyof typeof ENTRIES, string[]> {
  const program = ts.createProgram(Object.values(ENTRIES), {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const names = (file: string): string[] => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    return checker
      .getExportsOfModule(module)
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return (target.flags & ts.SymbolFlags.Value) === 0;
      })
      .map((symbol) => symbol.name)
      .sort();
  };
  return Object.fromEntries(Object.entries(ENTRIES).map(([entry, file]) => [entry, names(file)])) as Record<
    keyof typeof ENTRIES,
    string[]
  >;
}

const valuesOf = (entry: object): string[] => Object.keys(entry).sort();

// Each list is a reviewed decision: a new export changes a snapshot here, so it shows up in review.
describe('the entry points export exactly the reviewed names', () => {
  it('the core entry stays at or under 60 values: what a server needs to decide', () => {
    expect(valuesOf(core).length).toBeLessThanOrEqual(60);
    expect(valuesOf(core)).toMatchInlineSnapshot(`
      [
        "ACCESS_LEVELS",
        "ACCOUNT_STATES",
        "AbilityCache",
        "CASCADE_TYPES",
        "COLUMN_ACTIONS",
        "EVERY_COLUMN",
        "MAX_PARENT_DEPTH",
        "PolicyValidationError",
        "PortalAbility",
        "PortalPermissionsError",
        "PrincipalValidationError",
        "TABLE_PERMISSION_PRIVILEGES",
        "abilityFor",
        "accessDiffToMarkdown",
        "accessMatrix",
        "accessibleColumns",
        "accessibleWhere",
        "allowsColumn",
        "canAssign",
        "canAttach",
        "canCreate",
        "canCreateAttached",
        "canUpdate",
        "conditionsMatcher",
        "configure",
        "definePolicy",
        "diffAccess",
        "explain",
        "explainPage",
        "filterAccessible",
        "hierarchyReports",
        "isPolicyValidationError",
        "isPortalPermissionsError",
        "isPrincipalValidationError",
        "matrixToCsv",
        "matrixToHtml",
        "matrixToMarkdown",
        "page",
        "pageAccessMatrix",
        "permittedColumns",
        "pickPermitted",
        "subject",
      ]
    `);
  });

  it('the accounts entry exports the account administration and its errors', () => {
    expect(valuesOf(accounts)).toMatchInlineSnapshot(`
      [
        "AccountTransitionError",
        "AdministrativeElevationError",
        "BUILT_IN_ADMINISTRATIVE_ROLES",
        "BulkImportError",
        "ContactNotInvitableError",
        "DAY_MS",
        "EMAIL_MAX_LENGTH",
        "ENTRA_ROLES",
        "ForeignBusinessUnitRoleError",
        "InvitationAlreadyRedeemedError",
        "InvitationBusyError",
        "InvitationCodeMismatchError",
        "InvitationExhaustedError",
        "InvitationExpiredError",
        "InvitationInactiveError",
        "InvitationNewcomersOnlyError",
        "InvitationNotForContactError",
        "LicencePoolExhaustedError",
        "LifecycleInputError",
        "LifecycleRefusal",
        "MAX_NON_INTERACTIVE_USERS",
        "NonInteractiveLimitError",
        "OperationNotAllowedError",
        "PARTNER_CENTER_CUSTOMER_USER_COLUMNS",
        "PARTNER_CENTER_REQUIRED_HEADERS",
        "PASSWORD_CHANGE_OPERATION",
        "PasswordChangeRequiredError",
        "PrivilegeElevationError",
        "RESTORE_WINDOW_MS",
        "RegistrationDisabledError",
        "RestoreWindowClosedError",
        "RoleAssignmentOnDisabledUserError",
        "SignInRefusedError",
        "StubUserError",
        "WebRoleElevationError",
        "acceptReinvitation",
        "administrationBy",
        "administrativeTarget",
        "assertCanSignIn",
        "assertNoPasswordChangePending",
        "assignLicences",
        "assignSecurityRole",
        "blockSignIn",
        "changeAccessMode",
        "changeBusinessUnit",
        "changePassword",
        "createInvitation",
        "deactivateInvitation",
        "deleteAccount",
        "disableAccount",
        "emailKey",
        "enableAccount",
        "importContacts",
        "importUsers",
        "inviteNewcomers",
        "isLifecycleRefusal",
        "isPasswordChangePending",
        "isPending",
        "isPurgeDue",
        "parseCsv",
        "previewContactImport",
        "purgeAccount",
        "redeemInvitation",
        "registerByInvitation",
        "registerWithStore",
        "removeLicences",
        "removeSecurityRole",
        "resetPassword",
        "restoreAccount",
        "seatShortfall",
        "seatsInUse",
        "systemEnvironment",
        "unblockSignIn",
      ]
    `);
  });

  it('the import entry exports the importers, the exporter, the report and its errors', () => {
    expect(valuesOf(importer)).toMatchInlineSnapshot(`
      [
        "IMPORT_ERROR_CODES",
        "IMPORT_LIMITS",
        "ImportError",
        "STANDARD_RELATIONSHIPS",
        "exportPowerPagesSite",
        "formatImportReport",
        "importDataverseSolution",
        "importPowerPagesSite",
        "isImportError",
      ]
    `);
  });

  it('the testing entry exports the property-test kit', () => {
    expect(valuesOf(testing)).toMatchInlineSnapshot(`
      [
        "GENERATED_CHAIN_LENGTH",
        "GENERATED_COLUMNS",
        "GENERATED_PAGE_COUNT",
        "GENERATED_RECORD_DEPTH",
        "HOSTILE_STRINGS",
        "HOSTILE_VALUES",
        "PolicyPropertyError",
        "RECORD_KEYS",
        "VALUE_POOLS",
        "arbitraryContact",
        "arbitraryDataset",
        "arbitraryPageId",
        "arbitraryPortalPolicy",
        "arbitraryPortalPrincipal",
        "arbitraryPrincipal",
        "arbitraryRecord",
        "arbitraryShares",
        "arbitraryUser",
        "arbitraryVisitor",
        "assertAgreesWithReference",
        "neverCan",
        "onlyNarrows",
        "onlyWidens",
        "policyInputOf",
        "recordsOf",
        "referenceCan",
        "referenceFieldCan",
        "referencePageCan",
        "withArbitraryColumnPermissions",
        "withArbitraryColumnSecurity",
        "withArbitraryPages",
      ]
    `);
  });

  it('each integration entry exports its adapter and nothing of the core', () => {
    expect({
      kysely: valuesOf(kysely),
      drizzle: valuesOf(drizzle),
      prisma: valuesOf(prisma),
      fastify: valuesOf(fastify),
    }).toMatchInlineSnapshot(`
      {
        "drizzle": [
          "whereAccessible",
        ],
        "fastify": [
          "AuthorizationError",
          "RequestPrincipalError",
          "portalPermissions",
        ],
        "kysely": [
          "whereAccessible",
        ],
        "prisma": [
          "accessibleBy",
        ],
      }
    `);
  });

  it('the store entry exports the policy store and its errors', () => {
    expect(valuesOf(store)).toMatchInlineSnapshot(`
      [
        "DEFAULT_MAX_DOCUMENT_BYTES",
        "PolicyStoreError",
        "PolicyVersionConflictError",
        "PolicyWidensError",
        "createPolicyStore",
        "isPolicyStoreError",
      ]
    `);
  });

  it('each entry exports only the reviewed types', () => {
    expect(typeOnlyExports()).toMatchInlineSnapshot(`
      {
        "accounts": [
          "AccessMode",
          "AccountTransition",
          "AdministeredAccount",
          "AdministeredCustomerAccount",
          "Administration",
          "AdministrativeRole",
          "AdministrativeRoleInput",
          "AdministrativeTarget",
          "AdministrativeTargetInput",
          "AssignSecurityRoleRequest",
          "AuditDetail",
          "AuditEvent",
          "BuiltInAdministrativeRoleName",
          "BulkImport",
          "BusinessUnitChange",
          "BusinessUnitChangeRequest",
          "BusinessUnitChangeSettings",
          "ContactImport",
          "ContactImportPreview",
          "ContactImportRequest",
          "CreateInvitationRequest",
          "CreatedInvitation",
          "CsvParseResult",
          "CustomerAccountInput",
          "Deletion",
          "EntraRole",
          "HeaderReport",
          "IgnoredHeader",
          "ImportIssue",
          "ImportedProfile",
          "InternalUserSettings",
          "Invitation",
          "InvitationRegistration",
          "InvitationRegistrationRequest",
          "InvitationStore",
          "InvitedAccount",
          "LicenceHolder",
          "LicenceState",
          "LicenceTransition",
          "LifecycleAccount",
          "LifecycleEnvironment",
          "LifecycleUser",
          "ManagedAccount",
          "MappedHeader",
          "NewcomerAccount",
          "NewcomerInvitationRequest",
          "RedeemInvitationRequest",
          "RedeemedInvitation",
          "RoleAssignment",
          "SecurityRoleGrant",
          "TeamGrant",
          "UserImportRequest",
        ],
        "core": [
          "AbilityOptions",
          "AccessDiff",
          "AccessLevel",
          "AccessMatrix",
          "AccessMatrixOptions",
          "AccessibleColumns",
          "AccessibleColumnsOptions",
          "AccessibleWhereOptions",
          "AccountState",
          "Action",
          "AdministrativeRoleOf",
          "AnonymousPrincipal",
          "CascadeConfigurationInput",
          "CascadeType",
          "ColumnAccess",
          "ColumnAccessMap",
          "ColumnAction",
          "ColumnOf",
          "ColumnPermission",
          "ColumnPermissionInput",
          "ColumnSecurityProfile",
          "ColumnSecurityProfileInput",
          "Condition",
          "ContactPrincipal",
          "CoveringPageRule",
          "DialectName",
          "DiffAccessOptions",
          "EntraRole",
          "ErrorCode",
          "ExplainOptions",
          "Explanation",
          "HierarchyInput",
          "HierarchyMember",
          "HierarchyModel",
          "HierarchyPosition",
          "HierarchyReports",
          "HierarchyReportsOptions",
          "HierarchySettings",
          "InternalUsersInput",
          "Issue",
          "JsonPath",
          "ManyToManyInput",
          "PageAccessMatrixOptions",
          "PageAction",
          "PageExplanation",
          "PageIdOf",
          "PageInput",
          "PageRestriction",
          "PageRuleInput",
          "PageSubject",
          "Policy",
          "PolicyInput",
          "PolicyTypes",
          "PolicyTypesOf",
          "PortalPermissionsConfig",
          "PortalRawRule",
          "PortalSubject",
          "Principal",
          "Provenance",
          "RecordPredicate",
          "Report",
          "Reports",
          "Scope",
          "SecurityRoleOf",
          "ShareGrantee",
          "SharePath",
          "SqlFilter",
          "SqlParameter",
          "TableInput",
          "TableOf",
          "TablePermissionInput",
          "TablePermissionPrivilege",
          "TaggedRecord",
          "UserPrincipal",
          "WebRoleOf",
        ],
        "drizzle": [
          "DrizzleTables",
          "DrizzleWhereOptions",
        ],
        "fastify": [
          "PortalPermissionsPluginOptions",
          "PortalTables",
          "RequestTable",
          "RequestTypes",
        ],
        "import": [
          "ExportSiteOptions",
          "ExportedSite",
          "ImportErrorCode",
          "ImportNote",
          "ImportReport",
          "ImportResult",
          "ImportSiteOptions",
          "ImportSolutionOptions",
          "ImportSource",
          "RelationshipMap",
          "RelationshipOrigin",
          "ReportedKind",
          "ReportedRecord",
          "ResolvedRelationship",
          "SiteForm",
          "SiteRecordKind",
          "SkipReason",
          "SkippedFile",
          "SkippedRecord",
        ],
        "kysely": [
          "KyselyWhereOptions",
        ],
        "prisma": [
          "PrismaWhere",
          "PrismaWhereOptions",
        ],
        "store": [
          "ChangeReview",
          "NarrowingProof",
          "PolicyReview",
          "PolicyReviewSample",
          "PolicySnapshot",
          "PolicyStore",
          "PolicyStoreDatabase",
          "PolicyStoreErrorCode",
          "PolicyStoreEvent",
          "PolicyStoreOptions",
          "PolicyStoreStatus",
          "PolicyVersionEntry",
          "PreviewResult",
          "PublishOptions",
          "PublishResult",
          "QueryResultOf",
        ],
        "testing": [
          "AgreementOptions",
          "ContactArbitraryOptions",
          "CounterExample",
          "DatabaseHandle",
          "Dataset",
          "DatasetOptions",
          "NeverCanOptions",
          "PolicyChangeOptions",
          "PolicyUnderTest",
          "PostgresHandle",
          "PropertyOptions",
          "RecordUnderTest",
          "RecordsByTable",
          "Replay",
          "Share",
          "SqliteHandle",
          "SqliteStatement",
          "UserArbitraryOptions",
        ],
      }
    `);
  }, 60_000);
});
