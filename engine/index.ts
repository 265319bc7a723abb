// The engine's public API. Runtime-neutral: Node callers add `createNodeFetch` from
// "./node-fetch.ts" (imported separately, since it uses node: modules).
export {
  CIPHERTEXT_FORMAT_PREFIX,
  canonicalHosts,
  type CredentialRef,
  decryptCredential,
  type EncryptedCredential,
  encryptCredential,
  generateKey,
  isLegacyCiphertext,
  type Keyring,
  needsRotation,
  parseKeyring,
  rotateCredential,
} from "./crypto.ts";
export {
  ConnectorDefinitionSchema,
  type ConnectorDefinition,
  credentialNamesUsed,
  credentialsUsedByStep,
  type DefinitionValidation,
  HTTP_METHODS,
  type HttpMethod,
  parseDefinitionShape,
  renameCredentials,
  type Step,
  type StepAuth,
  type StepBody,
  type StepRequest,
  StepSchema,
  validateDefinition,
  type ValidationContext,
} from "./definition.ts";
export {
  CredentialDecryptError,
  CredentialKeyError,
  type DefinitionProblem,
  InvalidDefinitionError,
  isStepError,
  STEP_ERROR_KINDS,
  StepError,
  type StepErrorKind,
} from "./errors.ts";
export { hostMatches, labelHostCovered, parseHostEntry, validateAllowedHosts } from "./hosts.ts";
export { checkInputSchema, type InputValidation, validateInput } from "./input-schema.ts";
export type { JsonObject, JsonValue } from "./json.ts";
export {
  type CompiledJsonPath,
  compileJsonPath,
  evaluateJsonPath,
  extractJsonPath,
} from "./jsonpath.ts";
export { DEFAULT_LIMITS, type Limits, resolveLimits } from "./limits.ts";
export {
  type AllowEntry,
  checkAddress,
  checkUrl,
  EMPTY_POLICY,
  type OutboundPolicy,
  parseAllowList,
  type UrlCheck,
} from "./outbound.ts";
export {
  canonicalPlacements,
  checkCredentialPlacements,
  isPlacement,
  type PlacementRules,
  QUERY_PARAM_PATTERN,
  requiredRules,
  stepCredentialUses,
  useAllowed,
} from "./placements.ts";
export { REDACTED, Redactor, secretVariants, truncateUtf8 } from "./redact.ts";
export {
  type BuildSecurity,
  type BuiltRequest,
  buildRequest,
  type CredentialRule,
} from "./request.ts";
export {
  type CredentialInput,
  type MappingSkip,
  type RunContext,
  type RunDeps,
  type RunResult,
  runSteps,
  type StepErrorInfo,
  type StepResult,
} from "./run.ts";
export { canonical, SecretMatcher } from "./spellings.ts";
export {
  defaultSleep,
  type FetchInit,
  type FetchLike,
  type SendOutcome,
  type Sleep,
  send,
} from "./send.ts";
export {
  CREDENTIAL_NAME_PATTERN,
  HOST_LABEL_PATTERN,
  parseTemplate,
  renderJsonValue,
  renderUrl,
  renderValueTemplate,
  STEP_ID_PATTERN,
  type TemplateContext,
  TemplateSyntaxError,
  type TemplateSegment,
  tryParseTemplate,
} from "./template.ts";
