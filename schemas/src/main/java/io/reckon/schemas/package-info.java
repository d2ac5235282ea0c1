/**
 * The reckon contract in code: what a valid ad event is, how aggregate rows and their keys and versions look,
 * where raw records are archived, and which topics, tables and Pinot definitions exist.
 *
 * <p>This module is loaded by Flink jobs and by Spark jobs. It must therefore stay free of engine dependencies and
 * give the same answer for the same input on either engine; see {@code docs/contract.md}.
 */
package io.reckon.schemas;
