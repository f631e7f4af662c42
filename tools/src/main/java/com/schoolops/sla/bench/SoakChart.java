package com.schoolops.sla.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The soak's minutes as {@code soak.csv} and {@code soak.png}: memory, state and detection latency against time, one panel each. */
final class SoakChart {
    private static final int WIDTH = 900;
    private static final int PANEL = 260;

    private SoakChart() {
    }

    static void write(Path dir, List<SoakBench.Minute> minutes, int devices) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("minute,heap_mib,resident_mib,rocksdb_mib,state_bytes_per_device,keys_per_device,detections,p50_ms,p99_ms\n");
        minutes.forEach(m -> csv.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.1f,%.3f,%d,%.0f,%.0f%n", m.minute(), m.heapMiB(),
                m.rssMiB(), m.rocksMiB(), m.stateBytesPerDevice(), m.keysPerDevice(), m.count(), m.p50(), m.p99())));
        Files.writeString(dir.resolve("soak.csv"), csv);

        String fleet = String.format(Locale.ROOT, "%,d devices", devices);
        List<XYChart> panels = List.of(
                panel("Memory of the instance, " + fleet, "MiB", minutes, new Series("heap in use, lowest of the minute", SoakBench.Minute::heapMiB),
                        new Series("RocksDB (memtables, block cache, indexes)", SoakBench.Minute::rocksMiB),
                        new Series("process resident", SoakBench.Minute::rssMiB)),
                panel("State per device", "bytes", minutes, new Series("state directory / devices", SoakBench.Minute::stateBytesPerDevice)),
                panel("Detection latency past the deadline (target p99 < 1 s)", "ms", minutes.stream().filter(m -> m.count() > 0).toList(),
                        new Series("p50", SoakBench.Minute::p50), new Series("p99", SoakBench.Minute::p99), new Series("target", m -> 1_000)));
        BitmapEncoder.saveBitmap(panels, panels.size(), 1, dir.resolve("soak.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private record Series(String name, ToDoubleFunction<SoakBench.Minute> value) {
    }

    private static XYChart panel(String title, String unit, List<SoakBench.Minute> minutes, Series... series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL).title(title).xAxisTitle("minute of the soak").yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal).setMarkerSize(4)
                .setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("#,##0").setXAxisDecimalPattern("0");
        double[] x = minutes.stream().mapToDouble(SoakBench.Minute::minute).toArray();
        for (Series s : series) {
            chart.addSeries(s.name(), x.length == 0 ? new double[]{0} : x,
                    x.length == 0 ? new double[]{0} : minutes.stream().mapToDouble(s.value()).toArray());
        }
        return chart;
    }
}
