package postgres

// CitationNumbersSQL lets the benchmark show the query's plan.
const CitationNumbersSQL = citationNumbersSQL
