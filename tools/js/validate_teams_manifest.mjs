#!/usr/bin/env node
// Validate a Microsoft Teams app manifest offline, against Microsoft's JSON schema.
//
//   node tools/js/validate_teams_manifest.mjs path/to/manifest.json
//
// The schema comes from the npm package @microsoft/app-manifest, which ships the
// published schemas (build/json-schemas/teams/v<version>/MicrosoftTeams.schema.json);
// the one used is picked by the manifest's "manifestVersion", and nothing is fetched
// from the network (the manifest's "$schema" URL is not followed). The manifest is
// checked against that schema twice, by both Microsoft packages' own validators:
// @microsoft/teams-manifest's ManifestUtil.validateManifestAgainstSchema and
// @microsoft/app-manifest's AppManifestUtils.validateAgainstSchema (ajv, all errors).
//
// Why two packages: @microsoft/teams-manifest (0.1.9, and every earlier version) ships
// no schema files; its ManifestUtil.validateManifest downloads the "$schema" URL,
// which cannot work offline. @microsoft/app-manifest (its successor, same Microsoft
// repo) ships them. It requires "fs-extra" at load time without declaring it, so
// tools/js/package.json lists fs-extra itself.
//
// Exit codes: 0 valid; 1 invalid (schema errors, unreadable or non-JSON manifest);
// 2 usage error, or no schema shipped for that manifestVersion.
//
// Install the dependencies first: npm ci --prefix tools/js

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

function die(code, message) {
  console.error(message);
  process.exit(code);
}

function loadPackage(name) {
  try {
    return require(name);
  } catch (error) {
    return die(2, `cannot load ${name} (${error.message}); run: npm ci --prefix tools/js`);
  }
}

// The folder of shipped Teams schemas, e.g. .../build/json-schemas/teams
function schemasDir() {
  const entry = require.resolve("@microsoft/app-manifest"); // .../build/index.js
  return path.join(path.dirname(entry), "json-schemas", "teams");
}

function schemaPathFor(manifestVersion) {
  const folder = manifestVersion === "devPreview" ? "vDevPreview" : `v${manifestVersion}`;
  return path.join(schemasDir(), folder, "MicrosoftTeams.schema.json");
}

// Some of Microsoft's schema files contain the escapes \a and \v, which JSON does
// not allow; the package's own loader rewrites them the same way.
function readSchema(file) {
  const raw = readFileSync(file, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b");
  return JSON.parse(raw);
}

function readManifest(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return die(1, `cannot read ${file}: ${error.message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return die(1, `${file} is not valid JSON: ${error.message}`);
  }
}

async function main(argv) {
  if (argv.length !== 1 || argv[0].startsWith("-")) {
    die(2, "usage: node tools/js/validate_teams_manifest.mjs <manifest.json>");
  }
  const file = argv[0];
  const { AppManifestUtils } = loadPackage("@microsoft/app-manifest");
  const manifest = readManifest(file);
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
    die(1, `${file}: the manifest must be a JSON object`);
  }
  const version = manifest.manifestVersion;
  if (typeof version !== "string" || version === "") {
    die(1, `${file}: "manifestVersion" is missing, so there is no schema to check against`);
  }
  const schemaFile = schemaPathFor(version);
  if (!/^[0-9A-Za-z.]+$/.test(version) || !existsSync(schemaFile)) {
    die(2, `${file}: no schema for manifestVersion ${JSON.stringify(version)} ships with ` +
      `@microsoft/app-manifest (looked for ${schemaFile})`);
  }
  const schema = readSchema(schemaFile);
  const { ManifestUtil } = loadPackage("@microsoft/teams-manifest");
  const errors = [...new Set([
    ...(await ManifestUtil.validateManifestAgainstSchema(manifest, schema)),
    ...(await AppManifestUtils.validateAgainstSchema(manifest, schema)),
  ])];
  if (errors.length > 0) {
    console.error(`${file}: ${errors.length} schema error(s) against manifest schema v${version}:`);
    // An error about the manifest's top level has an empty instance path.
    for (const error of errors) console.error(`  ${error.startsWith(" ") ? "(root)" : ""}${error}`);
    process.exit(1);
  }
  console.log(`${file}: valid against the Teams manifest schema v${version}`);
}

main(process.argv.slice(2)).catch((error) => die(1, `validation failed: ${error.stack || error}`));
