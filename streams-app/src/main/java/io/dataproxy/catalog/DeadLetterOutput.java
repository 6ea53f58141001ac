package io.dataproxy.catalog;

/**
 * A command the catalog did not execute, on its way to {@code <commands>-dlt}: the bytes of
 * {@code io.dataproxy.wire.DeadLetter} (the record's own, cut to fit if need be); its headers ride on the forwarded
 * record. Written in the same transaction as the offset that moves past the command.
 */
public record DeadLetterOutput(byte[] key, byte[] value) implements CatalogOutput {
}
