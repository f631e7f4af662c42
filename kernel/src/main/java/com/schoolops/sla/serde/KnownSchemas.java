package com.schoolops.sla.serde;

import com.schoolops.sla.avro.ContractChange;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationDelivery;
import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketStatusChange;
import org.apache.avro.Schema;

import java.util.List;

/** The public record schemas of specification section 2, as this build knows them. */
public final class KnownSchemas {
    private KnownSchemas() {
    }

    public static List<Schema> all() {
        return List.of(DeviceHeartbeat.getClassSchema(), Device.getClassSchema(), TicketEvent.getClassSchema(),
                SiteSchedule.getClassSchema(), DeviceHealthChange.getClassSchema(), SiteOutage.getClassSchema(),
                Escalation.getClassSchema(), TicketStatusChange.getClassSchema(), SlaKpi.getClassSchema(),
                ContractChange.getClassSchema(), ContractHistory.getClassSchema(), OpsAction.getClassSchema(),
                Notification.getClassSchema(), NotificationDelivery.getClassSchema(),
                Site.getClassSchema(), ServiceVisit.getClassSchema(), DeviceDay.getClassSchema());
    }
}
