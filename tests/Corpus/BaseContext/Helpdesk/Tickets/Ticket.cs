using System;
using System.Collections.Generic;

namespace Helpdesk.Tickets
{
    public enum Priority
    {
        Low = 1,
        Normal = 2,
        High = 3,
        Urgent = 4,
    }

    public class Ticket
    {
        public int Id { get; set; }
        public int TenantId { get; set; }
        public string Subject { get; set; }
        public string Body { get; set; }
        public Priority Priority { get; set; }
        public Guid? AssigneeId { get; set; }
        public Agent Assignee { get; set; }
        public DateTime OpenedAt { get; set; }
        public DateTime? ClosedAt { get; set; }
        public List<TicketComment> Comments { get; set; } = new List<TicketComment>();
    }

    /// <summary>A ticket raised by monitoring: table-per-type, its own table keyed by the ticket's id.</summary>
    public class Incident : Ticket
    {
        public string Service { get; set; }
        public int Severity { get; set; }
        public DateTime DetectedAt { get; set; }
    }

    public class TicketComment
    {
        public long Id { get; set; }
        public int TicketId { get; set; }
        public Ticket Ticket { get; set; }
        public string Text { get; set; }
        public bool IsInternal { get; set; }
        public DateTime WrittenAt { get; set; }
    }
}
