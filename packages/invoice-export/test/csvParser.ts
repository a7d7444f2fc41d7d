// A strict RFC 4180 reader, for checking what the encoder writes (test-only).

/** Splits CSV text into records of fields; throws on anything RFC 4180 does not allow. */
export const parseCsv = (text: string): Array<Array<string>> => {
  const records: Array<Array<string>> = []
  let fields: Array<string> = []
  let index = 0
  while (index < text.length) {
    let value = ""
    if (text[index] === '"') {
      index++
      for (;;) {
        if (index >= text.length) throw new Error("unterminated quoted field")
        if (text[index] === '"') {
          if (text[index + 1] === '"') {
            value += '"'
            index += 2
            continue
          }
          index++
          break
        }
        value += text[index]
        index++
      }
    } else {
      while (index < text.length && text[index] !== "," && text[index] !== "\r" && text[index] !== "\n") {
        if (text[index] === '"') throw new Error(`bare quote at ${index}`)
        value += text[index]
        index++
      }
    }
    fields.push(value)
    if (text[index] === ",") {
      index++
      continue
    }
    if (text.startsWith("\r\n", index)) {
      records.push(fields)
      fields = []
      index += 2
      continue
    }
    throw new Error(`expected a comma or CRLF at ${index}`)
  }
  if (fields.length > 0) throw new Error("the last record has no CRLF")
  return records
}
