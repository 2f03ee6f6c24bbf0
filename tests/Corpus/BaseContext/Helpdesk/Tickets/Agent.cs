using System.Collections.Generic;
using Platform.Data.Entities;

namespace Helpdesk.Tickets
{
    public class Agent : PlatformUser
    {
        public string DisplayName { get; set; }
        public bool IsOnCall { get; set; }
        public List<Ticket> AssignedTickets { get; set; }
    }
}
