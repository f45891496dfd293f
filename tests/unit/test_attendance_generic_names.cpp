#include "echo/attendance/generic_names.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_generic_names {

using echo::attendance::is_generic_name;

TEST_SUITE("echo::attendance::generic_names") {

  TEST_CASE("phone callers, devices, rooms and Zoom placeholders are generic") {
    for (const std::string name : {"Call-in User_1",
                                   "Call-in User_12",
                                   "Call In User",
                                   "Dial-in User 3",
                                   "Phone User",
                                   "Caller",
                                   "16045550199",
                                   "+1 (604) 555-0199",
                                   "604.555.0199",
                                   "iPhone",
                                   "iPhone (2)",
                                   "iPad",
                                   "IPAD PRO",
                                   "Galaxy S21",
                                   "Samsung Galaxy S23 Ultra",
                                   "Pixel 7a",
                                   "Android",
                                   "SM-G991B",
                                   "Zoom user",
                                   "Zoom User 4",
                                   "Zoom Room",
                                   "Boardroom",
                                   "Conference Room B",
                                   "Kelowna Boardroom",
                                   "Room 204",
                                   "Guest",
                                   "Unknown",
                                   "User"}) {
      CAPTURE(name);
      CHECK(is_generic_name(name));
    }
  }

  TEST_CASE("names of people are not generic, even with a device or a number in them") {
    for (const std::string name :
         {"Priya Sharma", "Priya's iPad", "Maria Chen iPhone", "Guest Caller", "Mac Smith", "Dr. Phone Nguyen",
          "Alice Lee 2", "Émile Dubé", "Galaxy Brown", "Tel 604", "", "   ", "Pat Roomsen"}) {
      CAPTURE(name);
      CHECK_FALSE(is_generic_name(name));
    }
  }

  TEST_CASE("the hub's names are generic ignoring case, accents, punctuation and a trailing number") {
    const std::vector<std::string> hub{"Nurses' Station", "Kelowna Lab PC"};
    CHECK(is_generic_name("nurses station", hub));
    CHECK(is_generic_name("NURSES STATION 2", hub));
    CHECK(is_generic_name("Kelowna-Lab-PC_3", hub));
    CHECK_FALSE(is_generic_name("Nurses Station Kelowna", hub));
    CHECK_FALSE(is_generic_name("nurses station"));
  }
}

} // namespace test_attendance_generic_names
