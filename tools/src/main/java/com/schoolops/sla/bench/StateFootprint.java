package com.schoolops.sla.bench;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an application's state costs at rest, read from its RocksDB stores after it closed. The size of a state
 * directory right after a run depends on how far compaction got (every commit flushes a small file), so this
 * measures two stable things instead: the live keys and values, and the table files after a full compaction
 * with the table settings Kafka Streams uses (4 KiB blocks, bloom filters, no compression).
 */
final class StateFootprint {
    /** Per store name: live bytes (keys + values) and table-file bytes after compaction. */
    record Store(long liveBytes, long tableBytes) {
    }

    private StateFootprint() {
    }

    static Map<String, Store> measure(Path applicationStateDir) {
        RocksDB.loadLibrary();
        Map<String, Store> stores = new HashMap<>();
        for (Path db : databases(applicationStateDir)) {
            Store s = compactAndMeasure(db);
            stores.merge(db.getFileName().toString(), s, (a, b) -> new Store(a.liveBytes() + b.liveBytes(), a.tableBytes() + b.tableBytes()));
        }
        return stores;
    }

    /** RocksDB directories: those with a CURRENT file, one per store and task. */
    private static List<Path> databases(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals("CURRENT")).map(Path::getParent).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Store compactAndMeasure(Path path) {
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockSize(4096L).setFilterPolicy(new BloomFilter());
        try (Options listing = new Options();
             DBOptions options = new DBOptions();
             ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setTableFormatConfig(table)
                     .setCompressionType(CompressionType.NO_COMPRESSION).setCompactionStyle(CompactionStyle.UNIVERSAL)) {
            List<ColumnFamilyDescriptor> families = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(listing, path.toString())) {
                families.add(new ColumnFamilyDescriptor(name, cfOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            long live = 0;
            try (RocksDB db = RocksDB.open(options, path.toString(), families, handles)) {
                for (int i = 0; i < handles.size(); i++) {
                    db.compactRange(handles.get(i));
                    if (new String(families.get(i).getName(), StandardCharsets.UTF_8).equals("default")) {
                        try (RocksIterator it = db.newIterator(handles.get(i))) {
                            for (it.seekToFirst(); it.isValid(); it.next()) {
                                live += it.key().length + it.value().length;
                            }
                        }
                    }
                }
                handles.forEach(ColumnFamilyHandle::close);
            }
            try (Stream<Path> files = Files.list(path)) {
                long tables = files.filter(f -> f.toString().endsWith(".sst")).mapToLong(f -> f.toFile().length()).sum();
                return new Store(live, tables);
            }
        } catch (RocksDBException | IOException e) {
            throw new IllegalStateException("cannot measure the state store at " + path + ": " + e.getMessage(), e);
        }
    }
}
