// Every pair's similarity from Dolos, as JSON lines: {"a", "b", "similarity"}.
// Usage: node dolos_pairs.mjs DOLOS_LIB_INDEX_JS FILE...
const [lib, ...files] = process.argv.slice(2);
const { Dolos } = await import(lib);
const report = await new Dolos({ language: "python" }).analyzePaths(files);
for (const pair of report.allPairs()) {
  console.log(JSON.stringify({
    a: pair.leftFile.path, b: pair.rightFile.path, similarity: pair.similarity,
  }));
}
