import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { WorkerSubjects, type DeregisterWorkerRequest, type RegisterWorkerRequest } from '@spool/contracts';
import { WorkersService } from './workers.service.js';
import { RpcExceptionFilter } from '../rpc/rpc-exception.filter.js';

@Controller()
@UseFilters(RpcExceptionFilter)
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @MessagePattern(WorkerSubjects.register)
  register(@Payload() req: RegisterWorkerRequest): Promise<{ ok: true }> {
    return this.workers.register(req);
  }

  @MessagePattern(WorkerSubjects.deregister)
  deregister(@Payload() req: DeregisterWorkerRequest): Promise<{ ok: true }> {
    return this.workers.deregister(req.workerId);
  }
}
