using System;
using System.Collections.Generic;

namespace Forum.Entities
{
    public class Moderator
    {
        public int ModeratorId { get; set; }
        public int MemberId { get; set; }
        public Member Member { get; set; }
        public string Nickname { get; set; }
        public ICollection<Report> HandledReports { get; set; }
    }

    public class Report
    {
        public int Id { get; set; }
        public long PostId { get; set; }
        public Post Post { get; set; }
        public string Reason { get; set; }
        public int? HandledById { get; set; }
        public Moderator HandledBy { get; set; }
        public DateTime ReportedAt { get; set; }
    }
}
