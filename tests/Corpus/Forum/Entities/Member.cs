using System;

namespace Forum.Entities
{
    public class Member
    {
        public int Id { get; set; }
        public string UserName { get; set; }
        public string AvatarUrl { get; set; }
        public int PostCount { get; set; }
        public DateTime JoinedAt { get; set; }
    }
}
