// What the core snippets of the READMEs assume: a schema as JSON, a world, a model.
import type { Model, WorldInput } from '@grantkit/core';

declare const schemaJson: unknown;
declare const world: WorldInput;
declare const model: Model;
