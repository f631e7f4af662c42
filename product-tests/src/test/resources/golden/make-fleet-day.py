# Writes fleet-day.jsonl (then gzip -9 it): the input of ReplayGoldenTest. Run: python3 make-fleet-day.py
# Deterministic replay corpus: 4 sites (one per seed contract), faults, tickets of every kind, calendars.
import json, random, datetime as dt
random.seed(7)
T0 = dt.datetime(2026,3,2,0,30,tzinfo=dt.timezone.utc)  # Monday 08:30 Shanghai
out = []
def iso(t): return t.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]+'Z'
def rec(topic,key,t,value): out.append((t,len(out),{"topic":topic,"key":key,"timestamp":iso(t),"value":value}))
INTERVAL={"CLOUD_SERVER":15,"CLOUD_TERMINAL":30,"SWITCH":30,"BROADCAST_SPEAKER":60,"ACCESS_CONTROL":60}
sites=[]
for i,contract in enumerate(["seed-001","seed-002","seed-003","seed-004"],1):
    s=f"school-{i}"; devs=[]
    devs.append((f"s{i}-switch","SWITCH",None,True))
    devs.append((f"s{i}-server","CLOUD_SERVER",f"s{i}-switch",True))
    for k in range(6): devs.append((f"s{i}-term-{k}","CLOUD_TERMINAL",f"s{i}-switch",False))
    devs.append((f"s{i}-speaker","BROADCAST_SPEAKER",f"s{i}-switch",False))
    devs.append((f"s{i}-door","ACCESS_CONTROL",None,False))
    sites.append((s,contract,devs))
    for d,t,p,c in devs:
        v={"deviceId":d,"deviceType":t,"siteId":s,"parentDeviceId":p,"contractId":contract,"critical":c}
        if contract=="seed-004" and d.endswith("door"): v["warrantyUntil"]=iso(T0-dt.timedelta(days=30))
        rec("device-registry",d,T0,v)
# calendars: maintenance at school-2 01:00-01:40, major event at school-3 02:00-04:00, school-4 03:00-05:00
rec("site-calendar","school-2",T0,{"siteId":"school-2","windows":[{"kind":"MAINTENANCE","start":iso(T0+dt.timedelta(minutes=60)),"end":iso(T0+dt.timedelta(minutes=100)),"name":"switch firmware"}]})
rec("site-calendar","school-3",T0,{"siteId":"school-3","windows":[{"kind":"MAJOR_EVENT","start":iso(T0+dt.timedelta(hours=2)),"end":iso(T0+dt.timedelta(hours=4)),"name":"provincial exam"}]})
rec("site-calendar","school-4",T0,{"siteId":"school-4","windows":[{"kind":"MAJOR_EVENT","start":iso(T0+dt.timedelta(hours=3)),"end":iso(T0+dt.timedelta(hours=5)),"name":"entrance exam"}]})
H=6*3600
# outages (seconds from T0) per device: list of (start,end)
silent={"s1-switch":[(1800,2400)],"s1-speaker":[(3000,H)],"s2-switch":[(3700,5400)],"s2-term-3":[(7200,9000)],
        "s3-server":[(7500,8000)],"s3-term-1":[(200,H)],"s4-door":[(4000,4100),(4200,4300),(4400,4500),(4600,4700),(4800,4900)],
        "s4-switch":[(12000,12400)]}
warn={"s1-server":(5000,6000),"s3-term-2":(9000,9500)}
hot={"s2-server":(10000,11000)}
for s,contract,devs in sites:
    for d,t,p,c in devs:
        iv=INTERVAL[t]; off=random.randint(0,iv-1)
        x=off
        while x<H:
            if not any(a<=x<b for a,b in silent.get(d,[])):
                st="OK"; cpu=round(random.uniform(10,40),1); temp=round(random.uniform(35,50),1)
                if d in warn and warn[d][0]<=x<warn[d][1]: st="WARN"
                if d in hot and hot[d][0]<=x<hot[d][1]: cpu=97.5
                v={"deviceId":d,"deviceType":t,"siteId":s,"timestamp":iso(T0+dt.timedelta(seconds=x)),"status":st,"cpuPct":cpu,"memPct":55.0,"temperatureC":temp,"packetLossPct":0.0,"firmware":"1.2.3"}
                rec("device-heartbeats",d,T0+dt.timedelta(seconds=x),v)
            x+=iv
# decommission one terminal at 4h
rec("device-registry","s1-term-5",T0+dt.timedelta(hours=4),None)
def tk(tid,typ,sec,site,**kw):
    v={"ticketId":tid,"type":typ,"timestamp":iso(T0+dt.timedelta(seconds=sec)),"siteId":site}; v.update(kw)
    rec("fault-tickets",tid,T0+dt.timedelta(seconds=sec),v)
# seed-001
tk("T-101","OPENED",600,"school-1",deviceId="s1-switch",severity="DEFAULT",category="NETWORK")
tk("T-101","ACKNOWLEDGED",2400,"school-1")
tk("T-101","DISPATCHED",3000,"school-1")
tk("T-101","ON_SITE",4000,"school-1")
tk("T-101","RESOLVED",5000,"school-1")
tk("T-102","OPENED",3600,"school-1",deviceId="s1-server",severity="DEFAULT",category="SOFTWARE")
tk("T-102","DISPATCHED",12000,"school-1")
# seed-002 levels
tk("T-201","OPENED",1000,"school-2",deviceId="s2-switch",severity="3",category="HARDWARE")
tk("T-201","ACKNOWLEDGED",1500,"school-2")
tk("T-201","SEVERITY_CHANGED",2000,"school-2",severity="4")
tk("T-201","RESOLVED",9000,"school-2")
tk("T-201","REPORT_SUBMITTED",15000,"school-2")
tk("T-202","OPENED",1200,"school-2",deviceId="s2-term-1",severity="0",category="CONSULTATION")
tk("T-202","ACKNOWLEDGED",4000,"school-2")
tk("T-203","OPENED",2000,"school-2",deviceId="s2-server",severity="5",category="HARDWARE")
tk("T-203","ON_SITE",8000,"school-2")
tk("T-203","RESOLVED",9000,"school-2")
tk("T-203","REOPENED",10000,"school-2")
tk("T-204","OPENED",5000,"school-2",severity="1",category="SOFTWARE")
# seed-003
tk("T-301","OPENED",300,"school-3",deviceId="s3-term-1",severity="GENERAL",category="HARDWARE")
tk("T-301","ACKNOWLEDGED",500,"school-3")
tk("T-301","AWAITING_PARTS",1500,"school-3")
tk("T-301","PARTS_ARRIVED",6000,"school-3")
tk("T-301","RESOLVED",12000,"school-3")
tk("T-301","CALLBACK_DONE",14000,"school-3",satisfaction=4)
tk("T-302","OPENED",7300,"school-3",deviceId="s3-server",severity="MAJOR",category="HARDWARE")
tk("T-302","SPARE_REQUESTED",7600,"school-3")
tk("T-302","SPARE_CONFIRMED",8500,"school-3")
tk("T-302","SPARE_INSTALLED",11000,"school-3")
tk("T-303","OPENED",1000,"school-3",severity="CONSULT",category="COMPLAINT")
tk("T-304","OPENED",2000,"school-3",deviceId="s3-term-4",severity="COMPLEX",category="SOFTWARE")
tk("T-304","ACKNOWLEDGED",2500,"school-3")
tk("T-304","DISPATCHED",4000,"school-3")
tk("T-304","CLOSED",20000,"school-3")
# seed-004
tk("T-401","OPENED",600,"school-4",deviceId="s4-term-0",severity="C",category="HARDWARE")
tk("T-401","ACKNOWLEDGED",1200,"school-4")
tk("T-402","OPENED",11000,"school-4",deviceId="s4-switch",severity="D",category="NETWORK")
tk("T-403","OPENED",2000,"school-4",deviceId="s4-door",severity="B",category="HARDWARE")
tk("T-403","ON_SITE",5000,"school-4")
tk("T-403","RESOLVED",6000,"school-4")
out.sort(key=lambda x:(x[0],x[1]))
with open('fleet-day.jsonl','w') as f:
    for _,_,r in out: f.write(json.dumps(r,separators=(',',':'))+'\n')
    f.write(json.dumps({"advance":iso(T0+dt.timedelta(days=3))})+'\n')
print(len(out))
