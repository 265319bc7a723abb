/*
  Slugs of private (visibility 'workspace') templates are unique per workspace, so taking a
  slug another tenant uses privately succeeds and reveals nothing; public and official slugs
  stay unique across the marketplace.
*/
alter table connectors.connector_templates drop constraint connector_templates_slug_key;

create unique index connector_templates_public_slug_key
  on connectors.connector_templates (slug)
  where visibility = 'public';
create unique index connector_templates_workspace_slug_key
  on connectors.connector_templates (owner_workspace_id, slug)
  where visibility = 'workspace';
