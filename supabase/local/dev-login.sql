/*
  Local clusters only (dev stack, tests), run after the migrations. NEVER on a real project:
  it gives the API's login role the published dev password; a deployment sets its own
  (docs/DEPLOY.md, "The login role").
*/
alter role connectors_api password 'postgres';
