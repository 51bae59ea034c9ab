import Testing

@testable import GradscopeLab

@Suite("--shard: INDEX/COUNT and the schedulers' variables")
struct ShardSelectionTests {
    func shard(_ text: String, _ environment: [String: String] = [:]) throws -> ShardSelection {
        try ShardSelection(parsing: text, environment: environment)
    }

    func problem(_ text: String, _ environment: [String: String] = [:]) -> String? {
        do {
            _ = try shard(text, environment)
            return nil
        } catch let error as ShardSelectionError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("INDEX/COUNT is 1-based; anything else is refused with what was given")
    func explicit() throws {
        #expect(try shard("2/4") == ShardSelection(index: 2, count: 4))
        #expect(try shard("1/1") == ShardSelection(index: 1, count: 1))
        #expect(try shard("4/4").description == "4/4")
        for bad in ["0/4", "5/4", "2/0", "2", "2/4/6", "a/4", "-1/4", " 2/4", "2/ 4", "", "/4", "2/1000000000"] {
            #expect(problem(bad) != nil, "\(bad)")
        }
        #expect(problem("5/4") == "shard 5 of 4 does not exist: the index runs from 1 to 4")
        #expect(problem("two/4") == "--shard takes INDEX/COUNT from 1 (e.g. 2/4) or auto, got 'two/4'")
        #expect(problem(String(repeating: "9", count: 100))?.contains("…") == true, "a long value is cut short")
    }

    @Test("GitHub Actions matrix (or any script): GRADSCOPE_SHARD_INDEX from 1 with GRADSCOPE_SHARD_COUNT")
    func gradscopeVariables() throws {
        #expect(try shard("auto", ["GRADSCOPE_SHARD_INDEX": "3", "GRADSCOPE_SHARD_COUNT": "4"]) == ShardSelection(index: 3, count: 4))
        #expect(
            problem("auto", ["GRADSCOPE_SHARD_INDEX": "0", "GRADSCOPE_SHARD_COUNT": "4"])
                == "--shard auto: GRADSCOPE_SHARD_INDEX=0 with GRADSCOPE_SHARD_COUNT=4 is not a shard (the index runs from 1 to the count)")
        #expect(problem("auto", ["GRADSCOPE_SHARD_INDEX": "3"]) == "--shard auto: GRADSCOPE_SHARD_COUNT is not set")
        #expect(
            problem("auto", ["GRADSCOPE_SHARD_INDEX": "", "GRADSCOPE_SHARD_COUNT": "4"]) == "--shard auto: GRADSCOPE_SHARD_INDEX must be a whole number, got ''"
        )
    }

    @Test("Kubernetes Indexed Job: JOB_COMPLETION_INDEX from 0 with GRADSCOPE_SHARD_COUNT")
    func kubernetes() throws {
        #expect(try shard("auto", ["JOB_COMPLETION_INDEX": "0", "GRADSCOPE_SHARD_COUNT": "4"]) == ShardSelection(index: 1, count: 4))
        #expect(try shard("auto", ["JOB_COMPLETION_INDEX": "3", "GRADSCOPE_SHARD_COUNT": "4"]) == ShardSelection(index: 4, count: 4))
        let outside = problem("auto", ["JOB_COMPLETION_INDEX": "4", "GRADSCOPE_SHARD_COUNT": "4"])
        #expect(outside?.hasPrefix("--shard auto: JOB_COMPLETION_INDEX=4 with GRADSCOPE_SHARD_COUNT=4 is not a shard") == true)
        #expect(problem("auto", ["JOB_COMPLETION_INDEX": "1"]) == "--shard auto: GRADSCOPE_SHARD_COUNT is not set")
    }

    @Test("Slurm job array: (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / STEP + 1 of SLURM_ARRAY_TASK_COUNT")
    func slurm() throws {
        let oneToFour = ["SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4"]
        for id in 1...4 {
            #expect(try shard("auto", oneToFour.merging(["SLURM_ARRAY_TASK_ID": "\(id)"]) { $1 }) == ShardSelection(index: id, count: 4))
        }
        #expect(
            try shard("auto", ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0"]) == ShardSelection(index: 1, count: 8))
        #expect(
            try shard("auto", ["SLURM_ARRAY_TASK_ID": "17", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "10"]) == ShardSelection(index: 8, count: 8))
        let stepped = [
            "SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "2", "SLURM_ARRAY_TASK_MAX": "11", "SLURM_ARRAY_TASK_STEP": "3",
        ]
        #expect(try shard("auto", stepped) == ShardSelection(index: 3, count: 4), "--array=2-11:3 is 2, 5, 8, 11")
        #expect(try shard("auto", oneToFour.merging(["SLURM_ARRAY_TASK_ID": "2", "GRADSCOPE_SHARD_COUNT": "4"]) { $1 }) == ShardSelection(index: 2, count: 4))

        let gaps = problem("auto", ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "8"])
        #expect(gaps?.contains("is not one task of an evenly spaced array: submit a range such as --array=1-3") == true, "--array=1,3,8")
        #expect(problem("auto", ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]) == "--shard auto: SLURM_ARRAY_TASK_MIN is not set")
        #expect(
            problem("auto", ["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"])?.contains(
                "SLURM_ARRAY_TASK_ID=9 with SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=4 is not a shard") == true)
        #expect(
            problem("auto", oneToFour.merging(["SLURM_ARRAY_TASK_ID": "2", "GRADSCOPE_SHARD_COUNT": "5"]) { $1 })
                == "--shard auto: GRADSCOPE_SHARD_COUNT=5 disagrees with SLURM_ARRAY_TASK_COUNT=4; unset it or make them equal")
    }

    @Test("none, or more than one, of the schedulers' variables is an error naming them all")
    func ambiguous() {
        let none = problem("auto", ["GRADSCOPE_SHARD_COUNT": "4"])
        for name in [
            "GRADSCOPE_SHARD_INDEX", "GRADSCOPE_SHARD_COUNT", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
        ] {
            #expect(none?.contains(name) == true, "\(name)")
        }
        #expect(none?.hasSuffix("none is set") == true)
        let two = problem("auto", ["GRADSCOPE_SHARD_INDEX": "1", "GRADSCOPE_SHARD_COUNT": "2", "JOB_COMPLETION_INDEX": "0"])
        #expect(two?.hasSuffix("GRADSCOPE_SHARD_INDEX and JOB_COMPLETION_INDEX are set: keep only one") == true)
    }
}
