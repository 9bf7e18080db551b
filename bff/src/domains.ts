/**
 * Every domain of the BFF, in dependency order (docs/architecture.md#domains): a domain may read
 * from the ones above it, never from those below, and reacts to them only through events. The
 * database, the HTTP routes, the background jobs, the event listeners, the OpenAPI components and
 * the notice templates are all collected from this list. A new domain is a folder and one line here.
 */
import { auditDomain } from './audit'
import { authDomain } from './auth'
import { filesDomain } from './files'
import { healthDomain } from './health'
import { indicesDomain } from './indices'
import { intakeDomain } from './intake'
import { leadsDomain } from './leads'
import { mediatorsDomain } from './mediators'
import { notificationsDomain } from './notifications'
import { openapiDomain } from './openapi'
import { orgDomain } from './org'
import { platformDomain } from './platform'
import { pointsDomain } from './points'
import { publicDomain } from './public'
import { riskDomain } from './risk'
import { settingsDomain } from './settings'
import { smsDomain } from './sms'
import { tasksDomain } from './tasks'
import { territoryDomain } from './territory'
import { usersDomain } from './users'

export const DOMAINS = [
  healthDomain,
  platformDomain,
  auditDomain,
  territoryDomain,
  usersDomain,
  authDomain,
  notificationsDomain,
  smsDomain,
  orgDomain,
  settingsDomain,
  filesDomain,
  tasksDomain,
  pointsDomain,
  intakeDomain,
  leadsDomain,
  mediatorsDomain,
  riskDomain,
  indicesDomain,
  publicDomain,
  openapiDomain,
] as const
