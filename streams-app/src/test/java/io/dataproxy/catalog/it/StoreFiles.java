package io.dataproxy.catalog.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Reads a stopped catalog's RocksDB stores from its state directory, byte for byte, to compare two of them. */
final class StoreFiles {

    private StoreFiles() {
    }

    /**
     * Every entry of the store, per task: {@code <task>/rocksdb/<store>} → {@code key=value} lines in hex, in key
     * order. Only the data (the default column family), not the offsets Kafka Streams keeps beside it.
     */
    static Map<String, List<String>> dump(Path stateDir, String store) {
        RocksDB.loadLibrary();
        Map<String, List<String>> tasks = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path dir : paths.filter(p -> p.getFileName().toString().equals(store) && Files.isDirectory(p)
                    && p.getParent().getFileName().toString().equals("rocksdb")).toList()) {
                tasks.put(dir.getParent().getParent().getFileName() + "/rocksdb/" + store, entries(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tasks;
    }

    private static List<String> entries(Path dir) {
        List<ColumnFamilyDescriptor> families = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.openReadOnly(options, dir.toString(), families, handles);
             RocksIterator it = db.newIterator(handles.get(0))) {
            HexFormat hex = HexFormat.of();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                entries.add(hex.formatHex(it.key()) + "=" + hex.formatHex(it.value()));
            }
            handles.forEach(ColumnFamilyHandle::close);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the store in " + dir, e);
        }
        return entries;
    }
}
