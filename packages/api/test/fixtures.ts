/**
 * Canonical invoices for the DTO tests: one with every fact known (and a 17-digit amount), one with every fact
 * unknown. Field values follow the seed's field notes.
 */
import { CalendarDate, Money, type SalesInvoice, SystemId } from "@konto/core"
import { DateTime, Option } from "effect"

const some = Option.some
const none = Option.none

const sek = (amount: string) => Money.unsafeFromString(amount, "SEK")

/** A customer party with every part known. */
export const fullCustomerParty: SalesInvoice.CustomerParty = {
  supplierAssignedAccountId: some({ id: some("CUST001"), schemeId: none() }),
  party: {
    partyIdentification: [{ id: some("559079-0100"), schemeId: some("SE:ORGNR") }],
    partyName: some({ name: some("Kund AB"), languageId: some("sv") }),
    postalAddress: some({
      buildingNumber: some("12"),
      streetName: some("Storgatan"),
      additionalStreetName: none(),
      cityName: some("Stockholm"),
      postalZone: some("111 22"),
      country: some({ identificationCode: some("SE"), name: some("Sverige") })
    }),
    partyLegalEntity: some({
      registrationName: some("Kund AB"),
      companyId: some({ id: some("559079-0100"), schemeId: some("SE:ORGNR") })
    }),
    contact: some({ name: some("Anna"), telephone: some("+46 8 123 45"), email: some("anna@kund.se") })
  }
}

/** An invoice with every fact known; its gross total has 17 significant digits before the point. */
export const fullInvoice: SalesInvoice.SalesInvoice = {
  id: some("5050d6f7-d16a-4376-b00d-a20390c77bde"),
  reference: some("INV001"),
  buyerReference: some("PO-77"),
  sellerReference: some("Sven"),
  bookedInvoiceIndicator: some(true),
  cancelledInvoiceIndicator: some(false),
  issueDate: some(CalendarDate.make("2025-01-15")),
  issueTime: some("10:15:00"),
  dueDate: some(CalendarDate.make("2025-02-14")),
  createdDateTime: some(DateTime.makeUnsafe("2025-01-15T09:15:00.000Z")),
  modifiedDateTime: some(DateTime.makeUnsafe("2025-01-16T08:00:00.000Z")),
  creditInvoice: some({
    creditInvoiceIndicator: some(false),
    creditInvoiceDocumentReferences: [{ id: some("9"), reference: some("INV000"), documentType: some("Invoice") }]
  }),
  notes: [{ text: some("Thank you"), languageId: some("en") }],
  orderReference: some({ buyerOrderId: some("B-1"), sellerOrderId: some("S-1") }),
  documentCurrencyCode: some({ currency: some("SEK"), currencyRate: some(Money.unsafeFromString("1", null).amount) }),
  accountingCustomerParty: some(fullCustomerParty),
  paymentTerms: some({
    paymentTermsId: some({ id: some("30"), schemeId: none() }),
    notes: [{ text: some("30 days"), languageId: none() }]
  }),
  taxTotals: [
    {
      taxAmount: sek("200.00"),
      taxSubtotals: [
        {
          taxableAmount: some(sek("800.00")),
          taxAmount: sek("200.00"),
          taxCategory: some({
            id: some("S"),
            percent: some(Money.unsafeFromString("25", null).amount),
            taxScheme: some({ id: some("VAT") }),
            taxExemptionReason: none()
          })
        }
      ]
    }
  ],
  totalBalanceAmount: some(sek("800.00")),
  legalMonetaryTotal: some({
    lineExtensionAmount: some(sek("800.00")),
    taxExclusiveAmount: some(sek("800.00")),
    taxInclusiveAmount: some(sek("12345678901234567.89")),
    prepaidAmount: some(sek("100.00")),
    payableRoundingAmount: some(sek("0.05")),
    payableAmount: some(sek("800.00"))
  }),
  paymentStatus: some({ status: some("PARTLY_PAID"), settlementDate: none() }),
  isSent: some(true),
  isSold: some(false),
  reminder: some({ reminderSequence: some(1), lastReminderDate: some(CalendarDate.make("2025-02-20")) }),
  invoiceLines: [
    {
      id: some("1"),
      invoicedQuantity: some({ quantity: some(Money.unsafeFromString("2", null).amount), unitCode: some("st") }),
      lineExtensionAmount: some(sek("800.00")),
      item: {
        name: some("Consulting"),
        description: some("Two hours"),
        sellersItemIdentification: some({ id: some("C-1") }),
        classifiedTaxCategories: [
          {
            id: some("S"),
            percent: some(Money.unsafeFromString("25", null).amount),
            taxScheme: some({ id: some("VAT") }),
            taxExemptionReason: some("not used on items")
          }
        ]
      },
      price: some({ priceAmount: sek("400.00") })
    }
  ],
  source: { system: SystemId.make("fortnox"), id: "1001", status: some("booked") },
  statuses: ["Unpaid", "Overdue"]
}

/** An invoice of which nothing is known but its source. */
export const unknownInvoice: SalesInvoice.SalesInvoice = {
  id: none(),
  reference: none(),
  buyerReference: none(),
  sellerReference: none(),
  bookedInvoiceIndicator: none(),
  cancelledInvoiceIndicator: none(),
  issueDate: none(),
  issueTime: none(),
  dueDate: none(),
  createdDateTime: none(),
  modifiedDateTime: none(),
  creditInvoice: none(),
  notes: [],
  orderReference: none(),
  documentCurrencyCode: none(),
  accountingCustomerParty: none(),
  paymentTerms: none(),
  taxTotals: [],
  totalBalanceAmount: none(),
  legalMonetaryTotal: none(),
  paymentStatus: none(),
  isSent: none(),
  isSold: none(),
  reminder: none(),
  invoiceLines: [],
  source: { system: SystemId.make("xero"), id: "x", status: none() },
  statuses: []
}
