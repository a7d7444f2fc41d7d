/**
 * The store suite on every database of this run: PGlite always, PostgreSQL when KONTO_TEST_DATABASE_URL is set.
 */
import { drivers } from "./StoreDriver.ts"
import { storeSuite } from "./storeSuite.ts"

for (const driver of drivers()) {
  storeSuite(driver.name, driver.layer)
}
