// The form fields of a PDF as PDF.js (the reader built into Firefox) sees them, printed as JSON:
// {name: {type, value}}. With a JSON file of {name: value} and an output path, it also fills the
// fields in and saves the PDF, the way a reader's "save" does.
//   node fields.mjs in.pdf [values.json out.pdf]
import { readFileSync, writeFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [input, valuesFile, output] = process.argv.slice(2);
const doc = await getDocument({ data: new Uint8Array(readFileSync(input)), disableFontFace: true, verbosity: 0 }).promise;
const objects = (await doc.getFieldObjects()) || {};
const fields = {};
for (const [name, widgets] of Object.entries(objects)) {
  const widget = widgets.find((w) => w.type) || widgets[0];
  fields[name] = { type: widget.type, value: widget.value };
}
if (valuesFile) {
  const wanted = JSON.parse(readFileSync(valuesFile, "utf8"));
  for (const [name, value] of Object.entries(wanted)) {
    for (const widget of objects[name] || []) {
      if (widget.id) doc.annotationStorage.setValue(widget.id, { value });
    }
  }
  writeFileSync(output, await doc.saveDocument());
}
process.stdout.write(JSON.stringify(fields));
await doc.destroy();
