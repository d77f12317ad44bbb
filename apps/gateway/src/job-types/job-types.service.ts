import { Injectable } from '@nestjs/common';
import { JobsSubjects, type JobTypeView } from '@spool/contracts';
import { JobsClient } from '@spool/messaging';

@Injectable()
export class JobTypesService {
  constructor(private readonly client: JobsClient) {}

  list(): Promise<JobTypeView[]> {
    return this.client.send<JobTypeView[]>(JobsSubjects.jobTypes, {});
  }
}
