/**
 * Request validation failures as problems. A request whose path, query, headers or body does not decode
 * becomes a 400 `InvalidParameter` that names the parameter, never an empty 400 or a 500. The implementation
 * (`RequestValidation.layer` in `@konto/server`) maps Effect's schema errors; this declaration puts the
 * problem in the OpenAPI document and the typed client.
 */
import { HttpApiMiddleware } from "effect/http-api"
import { InvalidParameter } from "./ApiProblem.ts"

/** Turns request decoding failures into `InvalidParameter` problems. */
export class RequestValidation extends HttpApiMiddleware.Service<RequestValidation>()("@konto/api/RequestValidation", {
  error: InvalidParameter
}) {}
