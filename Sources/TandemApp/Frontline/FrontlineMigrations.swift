import Fluent

/// The front line's tables in the order they are created (issue 16). Appended to `Migrations` as one block.
enum FrontlineMigrations {
    static let all: [any Migration] = [
        CreateRosterAgent(), CreateRosterImport(), CreateFrontlineContactDays(), CreateFrontlineQADays(), CreateFrontlineTeamSnapshot(),
        CreateFrontlineSettings(), CreateRampPlan(), CreateRampWave(), CreateKudos(), CreateCelebration(), CreateTeamSiteVisit(), CreateContest(),
        CreateCalibrationSession(), CreateCalibrationGrader(), CreateCalibrationScore(),
    ]
}
