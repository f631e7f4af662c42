package com.schoolops.sla.streams;

import com.schoolops.sla.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class StreamsGroupSettingsTest {
    @Test
    void theClassicProtocolIsTheDefaultAndNeedsNothingOnTheGroup() {
        var streams = StreamsDefaults.properties(Settings.defaults(), "dead-letters");
        assertEquals("classic", streams.getProperty("group.protocol"));
        assertFalse(StreamsGroupSettings.streamsProtocol(streams));
    }

    @Test
    void underTheStreamsProtocolTheGroupIsGivenTheSessionHeartbeatAndStandbysTheBrokersWouldOtherwiseChoose() {
        var streams = StreamsDefaults.properties(Settings.defaults().with(Map.of("group.protocol", "streams")), "dead-letters");
        assertTrue(StreamsGroupSettings.streamsProtocol(streams));
        assertEquals(List.of(Map.of("streams.num.standby.replicas", "1"),
                        Map.of("streams.session.timeout.ms", "1000", "streams.heartbeat.interval.ms", "250")),
                StreamsGroupSettings.groupConfigs(streams), "a 1 s session by default, the standbys apart, so that a refused "
                        + "session does not cost them");
        var told = StreamsDefaults.properties(Settings.defaults().with(Map.of("group.protocol", "streams",
                "kafka.session.timeout.ms", "3000", "kafka.heartbeat.interval.ms", "750", "num.standby.replicas", "2")), "dead-letters");
        assertEquals(List.of(Map.of("streams.num.standby.replicas", "2"),
                Map.of("streams.session.timeout.ms", "3000", "streams.heartbeat.interval.ms", "750")), StreamsGroupSettings.groupConfigs(told));
    }
}
